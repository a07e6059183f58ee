import type { FastifyRequest } from 'fastify';
import { baseUrl, localeOf, pathOf } from './request';
import { Translator } from '../i18n/translator';

/** `?page=N`: a positive integer, anything else is page 1 (reference paginator). */
export function pageNumber(raw: unknown): number {
  const text: unknown = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  if (typeof text !== 'string' || !/^\s*\+?\d+\s*$/.test(text)) return 1;
  const page = Number(text.trim());
  return Number.isSafeInteger(page) && page >= 1 ? page : 1;
}

interface Link {
  url: string | null;
  label: string;
  active: boolean;
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/**
 * The page entries of `links`: every page below 14 pages, otherwise windows
 * of 3 pages on each side of the current one, with `...` separators
 * (the reference's URL window).
 */
export function pageWindows(current: number, last: number): number[][] {
  const onEachSide = 3;
  const window = onEachSide + 4;
  if (last < onEachSide * 2 + 8) return [range(1, last)];
  if (current <= window) return [range(1, window + onEachSide), range(last - 1, last)];
  if (current > last - window) return [[1, 2], range(last - (window + (onEachSide - 1)), last)];
  return [[1, 2], range(current - onEachSide, current + onEachSide), range(last - 1, last)];
}

/** The standard paginator body of accounts.md §4.3. */
export function paginate<T>(
  request: FastifyRequest,
  translator: Translator,
  items: T[],
  total: number,
  page: number,
  perPage: number,
): Record<string, unknown> {
  const path = baseUrl(request) + pathOf(request);
  const url = (n: number) => `${path}?page=${n}`;
  const last = Math.max(Math.ceil(total / perPage), 1);
  const lang = localeOf(request);
  const prev = page > 1 ? url(page - 1) : null;
  const next = page < last ? url(page + 1) : null;
  const links: Link[] = [{ url: prev, label: translator.text('pagination.previous', lang), active: false }];
  pageWindows(page, last).forEach((group, index) => {
    if (index > 0) links.push({ url: null, label: '...', active: false });
    for (const n of group) links.push({ url: url(n), label: String(n), active: n === page });
  });
  links.push({ url: next, label: translator.text('pagination.next', lang), active: false });
  const from = items.length > 0 ? (page - 1) * perPage + 1 : null;
  return {
    current_page: page,
    data: items,
    first_page_url: url(1),
    from,
    last_page: last,
    last_page_url: url(last),
    links,
    next_page_url: next,
    path,
    per_page: perPage,
    prev_page_url: prev,
    to: from === null ? null : from + items.length - 1,
    total,
  };
}
