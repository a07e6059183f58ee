import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiError } from '../common/errors';
import { RETRY_AFTER_SECONDS } from '../database/database-errors';

const WITHIN_MS = 1000;

@Injectable()
export class HealthService {
  constructor(private readonly dataSource: DataSource) {}

  /** `SELECT 1` within 1 s, else the 503 of a database that is away (the query itself may go on to its own timeout). */
  async databaseAnswers(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), WITHIN_MS)));
    const answered = this.dataSource.query('SELECT 1').then(
      () => true,
      () => false,
    );
    const ok = await Promise.race([answered, late]).finally(() => clearTimeout(timer));
    if (!ok) throw new ApiError(503, 'Service unavailable', { 'retry-after': String(RETRY_AFTER_SECONDS) });
  }
}
