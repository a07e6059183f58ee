import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ValidationArguments, ValidatorConstraint } from 'class-validator';
import { Repository } from 'typeorm';
import { InjectSettings } from '../../config/settings.module';
import { Settings } from '../../config/settings';
import { RuleConstraint } from '../../common/validation/rule';
import { requestOf } from '../../common/validation/validation-request';
import { Space, spaceByHost } from '../../account-core/entities/space.entity';

/** The route's `:domain` (PUT), undefined on POST. */
const routeDomain = (args: ValidationArguments): unknown => (requestOf(args)?.params as { domain?: unknown } | undefined)?.domain;

/** The host once defaulted: the body's `domain` on POST, the route's on PUT (spaces.md). */
function defaultedHost(value: unknown, args: ValidationArguments): unknown {
  if (value !== undefined && value !== null) return value;
  return routeDomain(args) ?? (args.object as Record<string, unknown>).domain;
}

/** No Space has this domain. */
@ValidatorConstraint({ async: true })
@Injectable()
export class SpaceDomainFreeConstraint implements RuleConstraint {
  constructor(@InjectRepository(Space) private readonly spaces: Repository<Space>) {}

  async validate(value: unknown): Promise<boolean> {
    return !(await this.spaces.existsBy({ domain: value as string }));
  }
}

/** The defaulted host is inside APP_ROOT_DOMAIN when it is set. */
@ValidatorConstraint()
@Injectable()
export class InsideRootDomainConstraint implements RuleConstraint {
  constructor(@InjectSettings() private readonly settings: Settings) {}

  validate(value: unknown, args: ValidationArguments): boolean {
    const host = defaultedHost(value, args);
    const root = this.settings.rootDomain;
    return typeof host !== 'string' || !root || host.endsWith(root);
  }

  message() {
    return { text: `The host must end with ${this.settings.rootDomain}.` };
  }
}

/** No other Space serves the defaulted host, compared case-insensitively as the Host header is. */
@ValidatorConstraint({ async: true })
@Injectable()
export class HostFreeConstraint implements RuleConstraint {
  constructor(@InjectRepository(Space) private readonly spaces: Repository<Space>) {}

  async validate(value: unknown, args: ValidationArguments): Promise<boolean> {
    const host = defaultedHost(value, args);
    if (typeof host !== 'string') return true;
    const other = await spaceByHost(this.spaces, host);
    const domain = routeDomain(args);
    return !other || (domain !== undefined && other.domain === domain);
  }
}

export const SPACE_CONSTRAINTS = [SpaceDomainFreeConstraint, InsideRootDomainConstraint, HostFreeConstraint];
