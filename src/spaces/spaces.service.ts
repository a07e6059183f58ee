import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { Space, SPACE_FLAGS, spaceByHost } from '../account-core/entities/space.entity';
import { AccountsRepository } from '../account-core/accounts.repository';
import { ValidationFailed, notFound } from '../common/errors';
import { parseDate } from '../common/validation/rules';
import { truthy } from '../common/serialize';
import type { SpaceResolver } from '../common/http-pipeline';
import { InjectSettings } from '../config/settings.module';
import { Settings } from '../config/settings';
import { SpaceCache } from './space-cache';
import { CreateSpaceDto, UpdateSpaceDto } from './dto/space.dto';

@Injectable()
export class SpacesService implements SpaceResolver<Space> {
  constructor(
    private readonly cache: SpaceCache,
    @InjectRepository(Space) private readonly spaces: Repository<Space>,
    private readonly dataSource: DataSource,
    private readonly accounts: AccountsRepository,
    @InjectSettings() private readonly settings: Settings,
  ) {}

  async findByHost(host: string): Promise<Space | null> {
    const cached = this.cachedByHost(host);
    if (cached) return cached;
    const generation = this.cache.generation;
    const space = await spaceByHost(this.spaces, host);
    this.cache.set(host, space, generation);
    return space;
  }

  /** The Space of a Host when the cache still holds it (no promise on the hot path), else undefined. */
  cachedByHost(host: string): Space | undefined {
    return this.cache.get(host);
  }

  findByDomain(domain: string): Promise<Space | null> {
    return this.spaces.findOneBy({ domain });
  }

  list(): Promise<Space[]> {
    return this.spaces.find({ order: { id: 'ASC' } });
  }

  async get(domain: string): Promise<Space> {
    const space = await this.findByDomain(domain);
    if (!space) throw notFound();
    return space;
  }

  async countAccounts(domain: string): Promise<number> {
    return this.accounts.countInDomain(domain);
  }

  /** Full when it has a capacity and it is reached. */
  async isFull(space: Space): Promise<boolean> {
    return space.max_accounts > 0 && (await this.countAccounts(space.domain)) >= space.max_accounts;
  }

  async create(dto: CreateSpaceDto): Promise<Space> {
    // the host rules ran on this default in the DTO
    const host = dto.host ?? dto.domain;
    const space = this.spaces.create({ domain: dto.domain, host });
    const input = dto as unknown as Record<string, unknown>;
    for (const flag of ['super', ...SPACE_FLAGS] as const) {
      if (flag in input) space[flag] = truthy(input[flag]);
    }
    space.max_account = dto.max_account == null ? 0 : Number(dto.max_account);
    space.max_accounts = dto.max_accounts == null ? 0 : Number(dto.max_accounts);
    space.expire_at = dto.expire_at ? (parseDate(dto.expire_at) ?? null) : null;
    const saved = await this.spaces.save(space);
    return this.spaces.findOneByOrFail({ id: saved.id });
  }

  async update(domain: string, dto: UpdateSpaceDto): Promise<Space> {
    const space = await this.get(domain);
    const maxAccounts = Number(dto.max_accounts);
    if (maxAccounts > 0) {
      const count = await this.countAccounts(space.domain);
      if (maxAccounts < count) {
        throw new ValidationFailed([{ field: 'max_accounts', rule: 'min.numeric', params: { min: count } }]);
      }
    }
    const host = dto.host ?? space.domain;
    const input = dto as unknown as Record<string, unknown>;
    for (const flag of ['super', ...SPACE_FLAGS] as const) space[flag] = truthy(input[flag]);
    space.host = host;
    space.max_account = Number(dto.max_account);
    space.max_accounts = maxAccounts;
    space.expire_at = dto.expire_at ? (parseDate(dto.expire_at) ?? null) : null;
    await this.spaces.save(space);
    await this.cache.changed();
    return this.spaces.findOneByOrFail({ id: space.id });
  }

  /** Deletes the Space and its accounts (explicitly: the FK cascade is not relied upon). */
  async remove(domain: string): Promise<number> {
    const deleted = await this.dataSource.transaction(async (manager) => {
      await this.accounts.removeAllInDomain(domain, manager);
      return (await manager.delete(Space, { domain })).affected ?? 0;
    });
    await this.cache.changed();
    return deleted;
  }

  /** The default Space of a fresh install. */
  /** The Space created when the database had none, else null. */
  async ensureDefault(domain: string, host: string): Promise<Space | null> {
    if ((await this.spaces.count()) > 0) return null;
    return this.spaces.save(this.spaces.create({ domain, host }));
  }

  /** Creates or updates a Space from the console. */
  async createOrUpdate(domain: string, host: string, isSuper: boolean): Promise<{ space: Space; created: boolean }> {
    const existing = await this.findByDomain(domain);
    const space = existing ?? this.spaces.create({ domain });
    space.host = host;
    space.super = isSuper;
    const root = this.settings.rootDomain;
    if (root && !host.endsWith(root)) throw new Error(`The host must end with ${root}`);
    await this.spaces.save(space);
    await this.cache.changed();
    return { space, created: !existing };
  }
}
