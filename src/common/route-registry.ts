import { Injectable } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import FindMyWay from 'find-my-way';
import { refusesHead } from './changes-state';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** A route found for a method and URL: its declared path and the decoded parameters. */
export interface RouteMatch {
  path: string;
  params: Record<string, string | undefined>;
}

/**
 * A second router holding the application's routes (with the options of
 * Fastify's), so that a request that matched none can be told which methods
 * its path does support (405), and the log can tell a URL's parameters.
 */
@Injectable()
export class RouteRegistry {
  private readonly router = FindMyWay({ ignoreTrailingSlash: true, maxParamLength: 1024 });

  attach(fastify: FastifyInstance): void {
    fastify.addHook('onRoute', (route) => {
      // wildcard routes (documentation assets) would claim every path
      if (route.url.includes('*')) return;
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) {
        if (!(METHODS as readonly string[]).includes(method)) continue;
        // answered 405 by the HEAD refusal: not a method the path supports
        if (method === 'HEAD' && refusesHead(route)) continue;
        try {
          this.router.on(method as (typeof METHODS)[number], route.url, () => undefined, { path: route.url });
        } catch {
          // the same route registered twice (HEAD for GET): already known
        }
      }
    });
  }

  methodsFor(path: string): string[] {
    return METHODS.filter((m) => this.router.find(m, path) !== null);
  }

  /** The route a request line reaches; the router decodes the URL as Fastify's does. */
  lookup(method: string, url: string): RouteMatch | null {
    if (!(METHODS as readonly string[]).includes(method)) return null;
    const found = this.router.find(method as (typeof METHODS)[number], url);
    if (!found) return null;
    return { path: (found.store as { path: string }).path, params: found.params };
  }
}
