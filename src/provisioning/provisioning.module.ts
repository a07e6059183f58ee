import { Module } from '@nestjs/common';
import { AccountsCoreModule } from '../account-core/accounts-core.module';
import { AuthModule } from '../auth/auth.module';
import { SpacesModule } from '../spaces/spaces.module';
import { ProvisioningController } from './provisioning.controller';
import { ProvisioningHeaderGuard } from './provisioning-header.guard';
import { ProvisioningService } from './provisioning.service';
import { ProvisioningXml } from './provisioning-xml.service';

/** `/provisioning…`: Linphone remote configuration (provisioning.md). */
@Module({
  imports: [AccountsCoreModule, AuthModule, SpacesModule],
  controllers: [ProvisioningController],
  providers: [ProvisioningService, ProvisioningXml, ProvisioningHeaderGuard],
})
export class ProvisioningModule {}
