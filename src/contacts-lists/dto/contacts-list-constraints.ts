import { Injectable } from '@nestjs/common';
import { ValidationArguments, ValidatorConstraint } from 'class-validator';
import { RuleConstraint } from '../../common/validation/rule';
import { requestOf } from '../../common/validation/validation-request';
import { ContactsListsRepository } from '../contacts-lists.repository';

/**
 * No other list of the Space has this title (deviation 19): on POST the
 * request's Space, on PUT/PATCH the list's own (ignoring itself; an unknown
 * list, or for a plain admin another Space's, passes and is then a 404: its
 * titles never show through a 422).
 */
@ValidatorConstraint({ async: true })
@Injectable()
export class ContactsListTitleFreeConstraint implements RuleConstraint {
  constructor(private readonly lists: ContactsListsRepository) {}

  async validate(value: unknown, args: ValidationArguments): Promise<boolean> {
    const request = requestOf(args);
    if (!request?.scope) return true;
    const title = String(value);
    const routeId = (request.params as { id?: unknown }).id;
    if (routeId === undefined) return !(await this.lists.isTitleTaken(title, { spaceId: request.scope.space.id }));
    const id = typeof routeId === 'string' && /^\d+$/.test(routeId) ? Number(routeId) : NaN;
    const inSpace = request.scope.domain === undefined ? undefined : request.scope.space.id;
    return !Number.isSafeInteger(id) || !(await this.lists.isTitleTaken(title, { exceptId: id, inSpace }));
  }
}

export const CONTACTS_LIST_CONSTRAINTS = [ContactsListTitleFreeConstraint];
