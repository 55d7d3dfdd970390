import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CommonModule } from '../common/common.module';
import { AdminController } from './admin.controller';
import { apiKeyCacheProvider } from './api-key-cache';
import { AuthGuard } from './auth.guard';
import { AuthRepository } from './auth.repository';
import { AuthService } from './auth.service';

/** Newsrooms, reviewers and API keys in Postgres: read by both processes (thresholds, names, languages). */
@Module({ providers: [AuthRepository], exports: [AuthRepository] })
export class AuthDataModule {}

/** Authentication of the HTTP API (the global guard), admin endpoints and key management (API process). */
@Module({
  imports: [AuthDataModule, CommonModule],
  controllers: [AdminController],
  providers: [AuthService, apiKeyCacheProvider, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService],
})
export class AuthModule {}
