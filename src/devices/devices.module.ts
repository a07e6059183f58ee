import { Module } from '@nestjs/common';
import { AccountsCoreModule } from '../account-core/accounts-core.module';
import { AccountDevicesController, MyDevicesController } from './devices.controller';
import { DevicesService } from './devices.service';
import { RegistrarRedis } from './registrar-redis';

/** Devices: the registrations Flexisip's registrar keeps in Redis (devices.md); nothing in SQL. */
@Module({
  imports: [AccountsCoreModule],
  controllers: [MyDevicesController, AccountDevicesController],
  providers: [DevicesService, RegistrarRedis],
})
export class DevicesModule {}
