import { Injectable } from '@nestjs/common';
import { ValidationArguments, ValidatorConstraint } from 'class-validator';
import { RuleConstraint } from '../../common/validation/rule';
import { requestOf } from '../../common/validation/validation-request';
import { AccountTypesRepository } from '../account-types.repository';

/**
 * No other type of the Space has this key (deviation 19). POST: the
 * request's Space. PUT/PATCH ignores the route's type: a super admin's
 * rename is judged in the type's own Space, anyone else's in the request's
 * Space (a type of another Space then answers 404, never a 422 that would
 * tell what that Space holds).
 */
@ValidatorConstraint({ async: true })
@Injectable()
export class AccountTypeKeyFreeConstraint implements RuleConstraint {
  constructor(private readonly types: AccountTypesRepository) {}

  async validate(value: unknown, args: ValidationArguments): Promise<boolean> {
    const scope = requestOf(args)?.scope;
    if (!scope || (typeof value !== 'string' && typeof value !== 'number')) return true;
    const key = String(value);
    const routeId = (requestOf(args)!.params as { id?: unknown }).id;
    if (routeId === undefined) return !(await this.types.isKeyTaken(key, scope.space.id));
    const id = typeof routeId === 'string' && /^\d+$/.test(routeId) ? Number(routeId) : NaN;
    // not an id: the route answers 404
    if (!Number.isSafeInteger(id)) return true;
    const spaceId = scope.domain === undefined ? ((await this.types.spaceIdOf(id)) ?? scope.space.id) : scope.space.id;
    return !(await this.types.isKeyTaken(key, spaceId, id));
  }
}

export const ACCOUNT_TYPE_CONSTRAINTS = [AccountTypeKeyFreeConstraint];
