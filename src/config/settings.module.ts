import { DynamicModule, Global, Inject, Module } from '@nestjs/common';
import { Settings } from './settings';

export const SETTINGS = Symbol('SETTINGS');

/** Injects the typed settings object; services never read process.env. */
export const InjectSettings = (): ParameterDecorator => Inject(SETTINGS);

@Global()
@Module({})
export class SettingsModule {
  static forRoot(settings: Settings): DynamicModule {
    return {
      module: SettingsModule,
      providers: [{ provide: SETTINGS, useValue: settings }],
      exports: [SETTINGS],
    };
  }
}
