import { Global, Module, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { InjectSettings, SETTINGS } from '../config/settings.module';
import { Settings } from '../config/settings';
import { dataSourceOptions } from './data-source-options';
import { serializeSqliteTransactions } from './sqlite-transactions';
import { checkpointInBackground } from './sqlite-checkpoints';
import { installMysqlTimeouts } from './timeouts';
import { installStatements } from './statements';
import { QueryCountLogger } from './query-count';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [SETTINGS],
      useFactory: (settings: Settings) => ({
        ...dataSourceOptions(settings),
        ...(settings.db.queryCountHeader ? { logger: new QueryCountLogger() } : {}),
        autoLoadEntities: true,
        retryAttempts: 2,
        retryDelay: 500,
      }),
    }),
  ],
})
export class DatabaseModule implements OnModuleInit, OnModuleDestroy {
  private stopCheckpoints?: () => Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    @InjectSettings() private readonly settings: Settings,
  ) {}

  onModuleInit(): void {
    serializeSqliteTransactions(this.dataSource);
    installMysqlTimeouts(this.dataSource, this.settings.db.timeoutSeconds * 1000);
    installStatements(this.dataSource, this.settings.db.timeoutSeconds * 1000);
    this.stopCheckpoints = checkpointInBackground(this.dataSource);
  }

  async onModuleDestroy(): Promise<void> {
    await this.stopCheckpoints?.();
  }
}
