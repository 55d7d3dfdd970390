import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/principal';
import { DependencyProbe } from './dependency-probe';
import { LivenessSchema, ReadinessSchema } from './health.schemas';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly probe: DependencyProbe) {}

  @Get('live')
  @ApiOkResponse({ type: LivenessSchema, description: 'The process runs' })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOkResponse({ type: ReadinessSchema, description: 'Postgres and Redis answer' })
  @ApiServiceUnavailableResponse({ type: ReadinessSchema, description: 'Postgres or Redis does not answer (Retry-After)' })
  async ready(@Res({ passthrough: true }) response: Response) {
    const [postgres, redis] = await Promise.all([this.probe.postgres(), this.probe.redis()]);
    const ok = postgres === 'up' && redis === 'up';
    response.status(ok ? 200 : 503);
    if (!ok) response.setHeader('Retry-After', '5');
    return { status: ok ? 'ok' : 'unavailable', checks: { postgres, redis } };
  }
}
