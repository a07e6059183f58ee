import type { DataSource } from 'typeorm';
import type { Settings } from '../../config/settings';
import { currentRequest, useCurrentRequest } from '../request';

// the rules below read the request from its async context
useCurrentRequest();

/**
 * What validation rules that look at the database or the settings need.
 * Bound once at start by the database module (rules are plain decorators,
 * created before any Nest container exists).
 */
export const validationContext: { dataSource?: DataSource; settings?: Settings } = {};

export function db(): DataSource {
  if (!validationContext.dataSource) throw new Error('validation context not bound');
  return validationContext.dataSource;
}

export function settings(): Settings {
  if (!validationContext.settings) throw new Error('validation context not bound');
  return validationContext.settings;
}

export function request() {
  return currentRequest.getStore();
}
