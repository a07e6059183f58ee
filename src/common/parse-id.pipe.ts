import { Injectable, PipeTransform } from '@nestjs/common';
import { notFound } from './errors';

/** A row id from the path; anything but digits is a row that cannot exist (404, as a failed lookup). */
export function parseId(value: unknown): number {
  const text = String(value);
  if (!/^\d+$/.test(text)) throw notFound();
  const id = Number(text);
  if (!Number.isSafeInteger(id)) throw notFound();
  return id;
}

@Injectable()
export class ParseIdPipe implements PipeTransform<unknown, number> {
  transform(value: unknown): number {
    return parseId(value);
  }
}
