import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

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
}

export type RuleCheck = (value: unknown, args: ValidationArguments) => boolean | Promise<boolean>;

export interface RuleOptions {
  /** i18n key under `validation.` */
  rule?: string;
  /** literal text (custom rules are never translated); `:attribute` is substituted */
  text?: string;
  params?: Record<string, string | number>;
  /** runs on absent fields too (required, required_with …) */
  implicit?: boolean;
  /** message chosen at validation time (several failure texts for one rule) */
  dynamic?: (value: unknown, args: ValidationArguments) => Omit<RuleMessage, 'seq'> | undefined;
  validation?: ValidationOptions;
}

let sequence = 0;

export function rule(name: string, check: RuleCheck, options: RuleOptions): PropertyDecorator {
  // Taken when the decorator expression is evaluated: top to bottom in the source
  const seq = ++sequence;
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: `${name}#${seq}`,
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        ...options.validation,
        message: (args: ValidationArguments) => {
          const dynamic = options.dynamic?.(args.value, args);
          const message: RuleMessage = dynamic
            ? { seq, implicit: options.implicit, ...dynamic }
            : { seq, rule: options.rule, text: options.text, params: options.params, implicit: options.implicit };
          return JSON.stringify(message);
        },
      },
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          // Like the reference, a rule that is not implicit ignores an absent field
          if (value === undefined && !options.implicit) return true;
          return check(value, args);
        },
      },
    });
  };
}
