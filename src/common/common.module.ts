import { Global, Module } from '@nestjs/common';
import { Translator } from '../i18n/translator';
import { RouteRegistry } from './route-registry';

@Global()
@Module({
  providers: [Translator, RouteRegistry],
  exports: [Translator, RouteRegistry],
})
export class CommonModule {}
