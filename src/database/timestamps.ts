import { BeforeInsert, BeforeUpdate, Column } from 'typeorm';

/**
 * Timestamps set by the application, to the second, in UTC: the same value on
 * SQLite and MySQL whatever the server's time zone (CURRENT_TIMESTAMP is not).
 */
export function now(): Date {
  const date = new Date();
  date.setUTCMilliseconds(0);
  return date;
}

export function minutesAgo(minutes: number): Date {
  return new Date(now().getTime() - minutes * 60_000);
}

/** The two timestamp columns, set by whoever writes the row (link rows: as the reference does, sometimes left null). */
export abstract class TimestampColumns {
  @Column({ type: 'datetime', nullable: true })
  created_at: Date | null;

  @Column({ type: 'datetime', nullable: true })
  updated_at: Date | null;
}

/** The timestamp columns, stamped by TypeORM when the entity itself is saved. */
export abstract class Timestamped extends TimestampColumns {
  @BeforeInsert()
  protected stampInsert(): void {
    this.created_at ??= now();
    this.updated_at ??= this.created_at;
  }

  @BeforeUpdate()
  protected stampUpdate(): void {
    this.updated_at = now();
  }
}
