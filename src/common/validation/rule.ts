import type { Type } from '@nestjs/common';
import { getFromContainer, registerDecorator, ValidationArguments, ValidationOptions, ValidatorConstraintInterface } from 'class-validator';

/**
 * Every rule decorator is a class-validator decorator whose message carries
 * what the exception filter needs to render the reference's text: the rule's
 * i18n key (or a literal text), its placeholders, and a sequence number so
 * that messages come out in the order the rules are written in the DTO.
 */
export interface RuleMessage {
  seq: number;
  rule?: string;
  text?: string;
  params?: Record<string, string | number>;
  implicit?: boolean;
  /** the value was an array or an object that the rule does not take */
  structured?: boolean;
  /** the message names the type the field expects */
  typed?: boolean;
}

export type RuleCheck = (value: unknown, args: ValidationArguments) => boolean | Promise<boolean>;

/**
 * A rule that needs services (the database, the settings): an `@Injectable()`
 * `@ValidatorConstraint` class, provided by its domain's module and handed
 * out by class-validator's container (`useContainer` in bootstrap).
 * `args.constraints` holds the decorator's parameters.
 */
export interface RuleConstraint extends ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean | Promise<boolean>;
  /** message chosen at validation time (it depends on a setting …) */
  message?(value: unknown, args: ValidationArguments): Omit<RuleMessage, 'seq'> | undefined;
}

const isConstraintClass = (check: RuleCheck | Type<RuleConstraint>): check is Type<RuleConstraint> =>
  typeof (check as { prototype?: { validate?: unknown } }).prototype?.validate === 'function';

export interface RuleOptions {
  /** i18n key under `validation.` */
  rule?: string;
  /** literal text (custom rules are never translated); `:attribute` is substituted */
  text?: string;
  params?: Record<string, string | number>;
  /** runs on absent fields too (required, required_with …) */
  implicit?: boolean;
  /** the rule judges arrays and objects itself (required, dictionary …); others refuse them unseen */
  structured?: boolean;
  /** the message names what the field expects (string, boolean, email …): kept for a structured value */
  typed?: boolean;
  /** message chosen at validation time (several failure texts for one rule) */
  dynamic?: (value: unknown, args: ValidationArguments) => Omit<RuleMessage, 'seq'> | undefined;
  validation?: ValidationOptions;
  /** parameters of a constraint class (its `args.constraints`) */
  constraints?: unknown[];
}

let sequence = 0;

export const isStructured = (value: unknown): boolean => value !== null && typeof value === 'object';

/** Rule keys whose message says what the field expects. */
const TYPED_RULES = new Set(['string', 'integer', 'boolean', 'email', 'in', 'date', 'date_format', 'digits', 'phone', 'regex']);

/**
 * `check` is a function, or a constraint class resolved when it runs (each
 * use keeps its own name, so two rules of one class on a field both report).
 */
export function rule(name: string, check: RuleCheck | Type<RuleConstraint>, options: RuleOptions): PropertyDecorator {
  // Taken when the decorator expression is evaluated: top to bottom in the source
  const seq = ++sequence;
  const constraint = isConstraintClass(check) ? () => getFromContainer(check) : undefined;
  const validate: RuleCheck = constraint ? (value, args) => constraint().validate(value, args) : (check as RuleCheck);
  const dynamic = constraint ? (value: unknown, args: ValidationArguments) => constraint().message?.(value, args) : options.dynamic;
  const typed = options.typed ?? TYPED_RULES.has(options.rule ?? '');
  const refusesShape = (value: unknown): boolean => !options.structured && isStructured(value);
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: `${name}#${seq}`,
      target: target.constructor,
      propertyName: propertyName as string,
      constraints: options.constraints,
      options: {
        ...options.validation,
        message: (args: ValidationArguments) => {
          if (refusesShape(args.value)) {
            // a rule that names no type would mislead ("has already been taken"): the field wanted a string
            const shape: RuleMessage = typed
              ? { seq, rule: options.rule, text: options.text, params: options.params, structured: true, typed }
              : { seq, rule: 'string', structured: true };
            return JSON.stringify(shape);
          }
          const chosen = dynamic?.(args.value, args);
          const message: RuleMessage = chosen
            ? { seq, implicit: options.implicit, ...chosen }
            : { seq, rule: options.rule, text: options.text, params: options.params, implicit: options.implicit };
          return JSON.stringify(message);
        },
      },
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          // Like the reference, a rule that is not implicit ignores an absent field
          if (value === undefined && !options.implicit) return true;
          // never handed to a check (nor to a database query): the field's 422
          if (refusesShape(value)) return false;
          return validate(value, args);
        },
      },
    });
  };
}
