import 'reflect-metadata';
import { ValidationFailed } from '../errors';
import { Custom, IsBoolean, IsInteger, IsString, MaxLength, MinLength, Nullable, Required } from './rules';
import { createValidationPipe } from './validation.pipe';
import { bindInput, bodyValidated, requestOf } from './validation-request';
import type { FastifyRequest } from 'fastify';

class ExampleDto {
  @Required()
  @IsString()
  @MinLength(3)
  username: string;

  @Required()
  domain: string;

  @Nullable()
  @IsInteger()
  count?: unknown;
}

async function failures(input: Record<string, unknown>) {
  try {
    await createValidationPipe().transform(input, { type: 'body', metatype: ExampleDto });
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationFailed);
    return (error as ValidationFailed).fieldErrors;
  }
  throw new Error('validation passed');
}

describe('createValidationPipe', () => {
  it('lets a valid input through and strips unknown keys', async () => {
    const out: unknown = await createValidationPipe().transform(
      { username: 'bob', domain: 'sip.example.org', extra: 1 },
      { type: 'body', metatype: ExampleDto },
    );
    expect(out).toBeInstanceOf(ExampleDto);
    expect(out).toEqual({ username: 'bob', domain: 'sip.example.org' });
  });

  it('reports fields in the order the DTO declares them', async () => {
    const errors = await failures({});
    expect(errors.map((e) => [e.field, e.rule])).toEqual([
      ['username', 'required'],
      ['domain', 'required'],
    ]);
  });

  it('hides the other rules of a field whose required rule failed', async () => {
    const errors = await failures({ username: null, domain: 'd' });
    expect(errors).toEqual([{ field: 'username', rule: 'required', text: undefined, params: undefined }]);
  });

  it('reports every failed rule of a present field, in rule order', async () => {
    const errors = await failures({ username: 12, domain: 'd' });
    expect(errors.map((e) => e.rule)).toEqual(['string', 'min.string']);
    expect(errors[1].params).toEqual({ min: 3 });
  });

  it('skips the rules of a nullable field that is null', async () => {
    await expect(
      createValidationPipe().transform({ username: 'bob', domain: 'd', count: null }, { type: 'body', metatype: ExampleDto }),
    ).resolves.toBeInstanceOf(ExampleDto);
    const errors = await failures({ username: 'bob', domain: 'd', count: 'x' });
    expect(errors.map((e) => [e.field, e.rule])).toEqual([['count', 'integer']]);
  });
});

describe('path and query values', () => {
  it.each(['0x2', '2e0', ' 2', '+2', '2.0', '0b10'])('%j reaches the route pipe as sent, never as a number', async (raw) => {
    const out: unknown = await createValidationPipe().transform(raw, { type: 'param', metatype: Number, data: 'id' });
    expect(out).toBe(raw);
  });
});

class ShapeDto {
  @Nullable()
  @IsString()
  @MaxLength(5)
  @Custom(
    'lookup',
    () => {
      throw new Error('a check must never see an array or an object');
    },
    'Looked up.',
  )
  name?: unknown;

  @Nullable()
  @Custom(
    'lookup',
    () => {
      throw new Error('a check must never see an array or an object');
    },
    'Has already been taken.',
  )
  untyped?: unknown;

  @Nullable()
  @IsBoolean()
  flag?: unknown;

  @Required()
  list?: unknown;
}

describe('arrays and objects where a value is expected', () => {
  const fail = async (input: Record<string, unknown>) => {
    try {
      await createValidationPipe().transform({ list: 'x', ...input }, { type: 'body', metatype: ShapeDto });
    } catch (error) {
      return (error as ValidationFailed).fieldErrors.map((e) => [e.field, e.rule ?? e.text]);
    }
    throw new Error('validation passed');
  };

  it.each([[[]], [{}], [['a']], [{ a: 'b' }]])('%j: the field fails once, with its type message, no check run', async (value) => {
    expect(await fail({ name: value })).toEqual([['name', 'string']]);
    expect(await fail({ untyped: value })).toEqual([['untyped', 'string']]);
    expect(await fail({ flag: value })).toEqual([['flag', 'boolean']]);
  });

  it('required still sees an empty list as missing', async () => {
    expect(await fail({ list: [] })).toEqual([['list', 'required']]);
  });
});

class RequestDependentDto {
  @Custom('not_mine', (value, args) => value !== (requestOf(args)?.params as { mine?: string } | undefined)?.mine, 'Mine.')
  name?: string;
}

describe('rules that depend on the request', () => {
  const requestWith = (params: Record<string, string>) => ({ params }) as unknown as FastifyRequest;

  it('see the request the body was bound to, never another one', async () => {
    const first = { name: 'a' };
    const second = { name: 'a' };
    bindInput(first, requestWith({ mine: 'a' }));
    bindInput(second, requestWith({ mine: 'b' }));
    const pipe = createValidationPipe();
    const [refused, accepted] = await Promise.allSettled([
      pipe.transform(first, { type: 'body', metatype: RequestDependentDto }),
      pipe.transform(second, { type: 'body', metatype: RequestDependentDto }),
    ]);
    expect(refused.status).toBe('rejected');
    expect(accepted.status).toBe('fulfilled');
  });

  it('announce the body outcome to the lookups that wait for it', async () => {
    const request = requestWith({ mine: 'a' });
    const body = { name: 'a' };
    bindInput(body, request);
    await expect(createValidationPipe().transform(body, { type: 'body', metatype: RequestDependentDto })).rejects.toBeInstanceOf(
      ValidationFailed,
    );
    await expect(bodyValidated(request)).resolves.toBe(false);
  });

  it('keep the request out of the DTO’s own keys', async () => {
    const body = { name: 'z' };
    bindInput(body, requestWith({ mine: 'a' }));
    const dto = (await createValidationPipe().transform(body, { type: 'body', metatype: RequestDependentDto })) as RequestDependentDto;
    expect(Object.keys(dto)).toEqual(['name']);
    expect(JSON.stringify(dto)).toBe('{"name":"z"}');
  });
});
