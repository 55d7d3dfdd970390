import { Module } from '@nestjs/common';
import { DependencyProbe } from './dependency-probe';
import { HealthController } from './health.controller';

@Module({ controllers: [HealthController], providers: [DependencyProbe], exports: [DependencyProbe] })
export class HealthModule {}
