import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/principal';
import { DependencyProbe } from './dependency-probe';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly probe: DependencyProbe) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) response: Response) {
    const [postgres, redis] = await Promise.all([this.probe.postgres(), this.probe.redis()]);
    const ok = postgres === 'up' && redis === 'up';
    response.status(ok ? 200 : 503);
    if (!ok) response.setHeader('Retry-After', '5');
    return { status: ok ? 'ok' : 'unavailable', checks: { postgres, redis } };
  }
}
