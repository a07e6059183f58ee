import { Module } from '@nestjs/common';
import { Translator } from '../i18n/translator';
import { RouteRegistry } from './route-registry';

@Module({
  providers: [Translator, RouteRegistry],
  exports: [Translator, RouteRegistry],
})
export class CommonModule {}
