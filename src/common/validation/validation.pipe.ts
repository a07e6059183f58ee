import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { ValidationError } from 'class-validator';
import { FieldError, ValidationFailed } from '../errors';
import { RuleMessage } from './rule';
import { inputRequest, requestAwareTransformer, settleBody } from './validation-request';

interface Ordered extends FieldError {
  seq: number;
  implicit?: boolean;
  structured?: boolean;
  typed?: boolean;
}

function collect(errors: ValidationError[], prefix = ''): Ordered[] {
  const out: Ordered[] = [];
  for (const error of errors) {
    const field = prefix + error.property;
    for (const raw of Object.values(error.constraints ?? {})) {
      let parsed: RuleMessage;
      try {
        parsed = JSON.parse(raw) as RuleMessage;
      } catch {
        // a stock class-validator decorator: keep its English text
        parsed = { seq: Number.MAX_SAFE_INTEGER, text: raw };
      }
      out.push({ field, ...parsed });
    }
    if (error.children?.length) out.push(...collect(error.children, `${field}.`));
  }
  return out;
}

/**
 * Turns class-validator's report into the reference's order: fields and
 * rules as written in the DTO; a failed `required` hides the field's others.
 */
export function toFieldErrors(errors: ValidationError[]): FieldError[] {
  const all = collect(errors);
  const byField = new Map<string, Ordered[]>();
  for (const e of all) {
    const list = byField.get(e.field) ?? [];
    list.push(e);
    byField.set(e.field, list);
  }
  const fields = [...byField.entries()].map(([field, list]) => {
    list.sort((a, b) => a.seq - b.seq);
    const implicit = list.find((e) => e.implicit);
    // an array or object where a value was expected: one message, the one naming the expected type
    const shape = list.some((e) => e.structured) ? (list.find((e) => e.typed) ?? list[0]) : undefined;
    const kept = implicit ?? shape;
    return { field, first: list[0].seq, list: kept ? [kept] : list };
  });
  fields.sort((a, b) => a.first - b.first);
  return fields.flatMap((f) => f.list.map(({ field, rule, text, params }) => ({ field, rule, text, params })));
}

/**
 * Nest's pipe, without its conversion of path and query values to the
 * handler's parameter type: `+"0x2"` is 2, so `/api/accounts/0x2` would reach
 * `ParseIdPipe` as the id 2 (deviation 26). Values stay the strings sent.
 */
class StrictValidationPipe extends ValidationPipe {
  protected transformPrimitive(value: unknown, _metadata: ArgumentMetadata): unknown {
    return value;
  }

  /** A body's outcome is announced to the lookups that wait for it (`bodyValidated`). */
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'body') return super.transform(value, metadata);
    const request = inputRequest(value);
    try {
      const dto: unknown = await super.transform(value, metadata);
      settleBody(request, true);
      return dto;
    } catch (error) {
      settleBody(request, false);
      throw error;
    }
  }
}

export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    transform: true,
    whitelist: true,
    forbidUnknownValues: false,
    validateCustomDecorators: false,
    transformOptions: { enableImplicitConversion: false },
    // DTOs carry their request, for the rules that depend on it
    transformerPackage: requestAwareTransformer,
    exceptionFactory: (errors) => new ValidationFailed(toFieldErrors(errors)),
  });
}
