import { applyDecorators } from '@nestjs/common';
import { Expose, Transform } from 'class-transformer';
import { isPlainObject } from '../../common/input';
import { rule } from '../../common/validation/rule';
import { isBlank } from '../../common/validation/rules';
import { parseIso8601 } from '../iso-8601';
import { splitSipAddress } from '../sip-address';

/** The reference's custom `iso_date` rule; its message is the bare key (the reference has no text for it). */
export const IsoDate = (): PropertyDecorator =>
  rule('iso_date', (v) => parseIso8601(v) !== undefined, { text: 'validation.iso_date', typed: true });

/** `user@domain` (ours: the reference crashes on a value without `@`). */
export const SipAddress = (): PropertyDecorator =>
  rule('sip_address', (v) => typeof v === 'string' && splitSipAddress(v) !== undefined, {
    text: 'The :attribute must be a SIP address (user@domain).',
    typed: true,
  });

export const IsObject = (): PropertyDecorator =>
  rule('object', (v) => isPlainObject(v), { text: 'The :attribute must be an object.', structured: true, typed: true });

/**
 * A member of an object field validated as a field of its own, named
 * `parent.member` as the reference names it in its errors: exposed on the
 * DTO and filled from the parent (a client's own `parent.member` key is
 * overwritten).
 */
export const MemberOf = (parent: string, member: string): PropertyDecorator =>
  applyDecorators(
    Expose(),
    Transform(({ obj }: { obj: Record<string, unknown> }) => (isPlainObject(obj[parent]) ? obj[parent][member] : undefined)),
  );

/**
 * Required when its parent object is given (reference: `required_with` the
 * sibling, whose message, with the reference's `iso_date` / `string` slip
 * among the fields, is kept).
 */
export const RequiredInObject = (parent: string, withFields: string): PropertyDecorator =>
  rule('required_with', (v, args) => !isBlank(v) || !isPlainObject((args.object as Record<string, unknown>)[parent]), {
    rule: 'required_with',
    implicit: true,
    structured: true,
    params: { fields: withFields },
  });
