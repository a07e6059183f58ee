import type { INestApplicationContext, Type } from '@nestjs/common';
import { INJECTABLE_WATERMARK } from '@nestjs/common/constants';
import { useContainer } from 'class-validator';

/**
 * class-validator takes the injectable rule classes (`RuleConstraint`) from
 * the Nest container. It asks for every rule's class, most of them the plain
 * ones `registerDecorator` makes: only `@Injectable()` classes are looked up
 * in Nest (a miss there costs an exception each time); the rest fall back to
 * class-validator's own container.
 */
export function useNestConstraints(app: INestApplicationContext): void {
  useContainer(
    {
      get: (type: Type) => (Reflect.getMetadata(INJECTABLE_WATERMARK, type) ? app.get<Type, unknown>(type, { strict: false }) : undefined),
    },
    { fallback: true },
  );
}
