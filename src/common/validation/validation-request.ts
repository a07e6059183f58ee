import type { TransformerPackage } from '@nestjs/common/interfaces/external/transformer-package.interface';
import * as classTransformer from 'class-transformer';
import type { ValidationArguments } from 'class-validator';
import type { FastifyRequest } from 'fastify';

/**
 * How a rule that depends on the request (its Space, caller, route
 * parameters) reaches it without an ambient request: the HTTP pipeline binds
 * the final body to its request; the validation pipe's transformer attaches
 * that request to the DTO instance it builds, where the rule reads it from
 * `ValidationArguments.object`.
 */
const REQUEST = Symbol('request');
/** A symbol-keyed property rather than a WeakMap: no ephemeron for the GC to trace per request (issue 9). */
const INPUT_REQUEST = Symbol('input request');

/** The body a request's DTOs are built from (set once the query is merged under it). */
export function bindInput(input: unknown, request: FastifyRequest): void {
  // a symbol key: unseen by Object.keys, whitelisting and JSON
  if (input !== null && typeof input === 'object') (input as { [INPUT_REQUEST]?: FastifyRequest })[INPUT_REQUEST] = request;
}

const boundRequest = (input: object): FastifyRequest | undefined => (input as { [INPUT_REQUEST]?: FastifyRequest })[INPUT_REQUEST];

/** Non-enumerable: unseen by whitelisting, copies and JSON. */
export function withRequest<T extends object>(dto: T, request: FastifyRequest | undefined): T {
  if (request) Object.defineProperty(dto, REQUEST, { value: request });
  return dto;
}

/** The request a rule's DTO was sent with (undefined outside a request: unit specs). */
export function requestOf(args: ValidationArguments): FastifyRequest | undefined {
  return (args.object as { [REQUEST]?: FastifyRequest })[REQUEST];
}

/** class-transformer for the validation pipe: a DTO built from a bound body carries its request. */
export const requestAwareTransformer: TransformerPackage = {
  plainToInstance<T>(cls: classTransformer.ClassConstructor<T>, plain: unknown, options?: classTransformer.ClassTransformOptions) {
    const instance = classTransformer.plainToInstance(cls, plain, options) as T | T[];
    const request = plain !== null && typeof plain === 'object' ? boundRequest(plain) : undefined;
    if (request && instance !== null && typeof instance === 'object' && !Array.isArray(instance)) withRequest(instance as object, request);
    return instance;
  },
  classToPlain: (object, options) => classTransformer.instanceToPlain(object, options),
};

/** The input a request's body DTO is built from, once bound. */
export function inputRequest(value: unknown): FastifyRequest | undefined {
  return value !== null && typeof value === 'object' ? boundRequest(value) : undefined;
}

/**
 * Reference order: the body is validated before the route's row is looked
 * up (a 422 wins over the 404). Nest resolves a handler's parameters
 * concurrently, so a lookup waits for this: true once the body is valid,
 * false when it was refused.
 */
interface BodyCheck {
  settled: Promise<boolean>;
  settle: (valid: boolean) => void;
}
const BODY_CHECK = Symbol('body check');

function bodyCheck(request: FastifyRequest): BodyCheck {
  const holder = request as { [BODY_CHECK]?: BodyCheck };
  let check = holder[BODY_CHECK];
  if (!check) {
    let settle!: (valid: boolean) => void;
    const settled = new Promise<boolean>((resolve) => (settle = resolve));
    check = { settled, settle };
    holder[BODY_CHECK] = check;
  }
  return check;
}

export const bodyValidated = (request: FastifyRequest): Promise<boolean> => bodyCheck(request).settled;

export function settleBody(request: FastifyRequest | undefined, valid: boolean): void {
  if (request) bodyCheck(request).settle(valid);
}
