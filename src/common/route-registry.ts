import { Injectable } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import FindMyWay from 'find-my-way';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * A second router holding the application's routes, so that a request that
 * matched none can be told which methods its path does support (405).
 */
@Injectable()
export class RouteRegistry {
  private readonly router = FindMyWay({ ignoreTrailingSlash: true });

  attach(fastify: FastifyInstance): void {
    fastify.addHook('onRoute', (route) => {
      // wildcard routes (documentation assets) would claim every path
      if (route.url.includes('*')) return;
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) {
        if (!(METHODS as readonly string[]).includes(method)) continue;
        try {
          this.router.on(method as (typeof METHODS)[number], route.url, () => undefined);
        } catch {
          // the same route registered twice (HEAD for GET): already known
        }
      }
    });
  }

  methodsFor(path: string): string[] {
    return METHODS.filter((m) => this.router.find(m, path) !== null);
  }
}
