import 'reflect-metadata';
import { Body, Controller, Get, HttpCode, Inject, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createDataSource } from '../app/database/data-source';

/*
 * The webhook benchmark's baseline: the same stack as the api (Nest on Fastify, TypeORM's pg pool,
 * JSON body) with one route that inserts one row and answers. What the webhook costs beyond this
 * is shinsa's own work: signature, rate limit, validation, screening, attributes, the statement
 * that stores everything.
 */

const DATA_SOURCE = Symbol('DataSource');

@Controller()
class BareController {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  @Post('bare')
  @HttpCode(200)
  async insert(@Body() body: unknown): Promise<{ id: string }> {
    const rows: { id: string }[] = await this.dataSource.query('INSERT INTO bench_bare (body) VALUES ($1) RETURNING id', [body]);
    return { id: rows[0]!.id };
  }

  @Get('readyz')
  ready(): { status: string } {
    return { status: 'ready' };
  }
}

async function main(): Promise<void> {
  const dataSource = await createDataSource({ databaseUrl: process.env.DATABASE_URL!, dbPoolSize: 10, dbConnectTimeoutMs: 15_000 }, 'shinsa-bench-bare').initialize();
  await dataSource.query('CREATE TABLE IF NOT EXISTS bench_bare (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body jsonb NOT NULL, received_at timestamptz NOT NULL DEFAULT now())');

  @Module({ controllers: [BareController], providers: [{ provide: DATA_SOURCE, useValue: dataSource }] })
  class BareModule {}

  const app = await NestFactory.create<NestFastifyApplication>(BareModule, new FastifyAdapter({ bodyLimit: 256 * 1024 }), { logger: false });
  await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
  const stop = async (): Promise<void> => {
    await app.close();
    await dataSource.destroy();
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

void main();
