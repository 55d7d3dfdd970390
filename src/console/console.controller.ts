import { Controller, Get, Headers, Inject, NotFoundException, Param, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/principal';
import { type ConsoleAsset } from './console-assets';
import { CONSOLE_HEADERS } from './console-headers';

export const CONSOLE_ASSETS = Symbol('CONSOLE_ASSETS');

/** Serves the browser console's static files at /console (no key: the page asks for one). */
@ApiExcludeController()
@Public()
@Controller('console')
export class ConsoleController {
  constructor(@Inject(CONSOLE_ASSETS) private readonly assets: Map<string, ConsoleAsset> | null) {}

  @Get()
  index(@Res() response: Response, @Headers('accept-encoding') encodings?: string): void {
    this.send(response, 'index.html', encodings);
  }

  @Get('*path')
  file(@Param('path') path: string[] | string, @Res() response: Response, @Headers('accept-encoding') encodings?: string): void {
    const key = Array.isArray(path) ? path.join('/') : path;
    // Anything that is not a built file is a view of the single-page app.
    this.send(response, this.assets?.has(key) ? key : key.startsWith('assets/') ? null : 'index.html', encodings);
  }

  private send(response: Response, key: string | null, encodings = ''): void {
    if (!this.assets) throw new ServiceUnavailableException('the console is not built: run `npm run build`');
    const asset = key === null ? undefined : this.assets.get(key);
    if (!asset) throw new NotFoundException('no such console file');
    response.set(CONSOLE_HEADERS);
    response.set('Content-Type', asset.contentType);
    response.set('Cache-Control', asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    response.set('Vary', 'Accept-Encoding');
    const gzip = asset.gzipped !== null && /\bgzip\b/.test(encodings);
    if (gzip) response.set('Content-Encoding', 'gzip');
    response.status(200).end(gzip ? asset.gzipped : asset.body);
  }
}
