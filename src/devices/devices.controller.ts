import { Controller, Delete, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiParam, ApiTags, ApiOperation } from '@nestjs/swagger';
import { Access, CurrentCaller, Role } from '../auth/access.decorator';
import { ScopedAccount } from '../accounts/core/scoped-account';
import { Account } from '../accounts/entities/account.entity';
import { Caller } from '../common/request';
import { DevicesService } from './devices.service';
import { DeviceList } from './dto/device.response';
import { ApiDeviceList, ApiDeviceRemoval } from './devices.openapi';

/** The caller's own devices (devices.md). */
@ApiTags('Accounts (me)')
@Access(Role.User)
@Controller('api/accounts/me/devices')
export class MyDevicesController {
  constructor(private readonly devices: DevicesService) {}

  @ApiOperation({ summary: 'List your registered devices' })
  @Get()
  @ApiDeviceList()
  list(@CurrentCaller() caller: Caller): Promise<DeviceList> {
    return this.devices.list(caller.account);
  }

  @ApiOperation({ summary: 'Unregister one of your devices' })
  @Delete(':uuid')
  @ApiDeviceRemoval()
  async remove(@CurrentCaller() caller: Caller, @Param('uuid') uuid: string): Promise<void> {
    await this.devices.remove(caller.account, uuid);
  }
}

/** The devices of an account of the admin's scope (devices.md). */
@ApiTags('Accounts (admin)')
@Access(Role.Admin)
@Controller('api/accounts/:id/devices')
@ApiParam({ name: 'id', type: Number, description: 'account id' })
@ApiNotFoundResponse({ description: 'Unknown account, or in another Space' })
export class AccountDevicesController {
  constructor(private readonly devices: DevicesService) {}

  @ApiOperation({ summary: "List an account's registered devices" })
  @Get()
  @ApiDeviceList()
  list(@ScopedAccount() account: Account): Promise<DeviceList> {
    return this.devices.list(account);
  }

  @ApiOperation({ summary: "Unregister one of an account's devices" })
  @Delete(':uuid')
  @ApiDeviceRemoval()
  async remove(@ScopedAccount() account: Account, @Param('uuid') uuid: string): Promise<void> {
    await this.devices.remove(account, uuid);
  }
}
