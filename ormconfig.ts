import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadSettings } from './src/config/load-settings';
import { dataSourceOptions } from './src/database/data-source-options';

/** For the TypeORM CLI (`npm run typeorm -- migration:show`); the app uses the same options. */
export default new DataSource({
  ...dataSourceOptions(loadSettings()),
  entities: [__dirname + '/src/**/*.entity.ts'],
});
