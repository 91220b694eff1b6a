import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

type StatusClass = 'success' | 'client_error' | 'server_error';

function statusClass(status: number): StatusClass {
  return status >= 500 ? 'server_error' : status >= 400 ? 'client_error' : 'success';
}

/** Prometheus metrics of one api process, served at `GET /metrics`. */
export class ApiMetrics {
  readonly registry = new Registry();

  readonly requests = new Counter({
    name: 'shinsa_http_requests_total',
    help: 'HTTP requests by route, method, status code and outcome',
    labelNames: ['route', 'method', 'status', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly latency = new Histogram({
    name: 'shinsa_http_request_duration_seconds',
    help: 'HTTP request latency by route and outcome',
    labelNames: ['route', 'method', 'outcome'] as const,
    buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5],
    registers: [this.registry],
  });

  readonly screenings = new Counter({
    name: 'shinsa_screenings_total',
    help: 'Accepted screenings by assessment outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly shadowScreenings = new Counter({
    name: 'shinsa_shadow_screenings_total',
    help: 'Screenings scored by the shadow rule set, by shadow outcome and whether it agrees with the deciding outcome',
    labelNames: ['outcome', 'agrees'] as const,
    registers: [this.registry],
  });

  readonly shadowFailures = new Counter({
    name: 'shinsa_shadow_failures_total',
    help: 'Screenings the shadow rule set failed to score (the deciding answer is unaffected)',
    registers: [this.registry],
  });

  readonly queueJobs = new Gauge({
    name: 'shinsa_queue_jobs',
    help: 'Jobs in each queue by state (read at scrape time)',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });

  readonly outboxBacklog = new Gauge({
    name: 'shinsa_outbox_backlog',
    help: 'Outbox events not yet handed to the queue (read at scrape time)',
    registers: [this.registry],
  });

  readonly feedEntries = new Gauge({
    name: 'shinsa_feed_entries',
    help: 'Threat-feed entries read, per feed and outcome (new, seen, bad; and what new ones became: matched, unmatched, shared_platform, private_suffix, ip); totals read at scrape time',
    labelNames: ['feed', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly feedMatches = new Gauge({
    name: 'shinsa_feed_matches',
    help: 'Feed entries matched to a holder, per feed and result (reported, confirmed, attached, suspended, refused); read at scrape time',
    labelNames: ['feed', 'result'] as const,
    registers: [this.registry],
  });

  readonly feedPulls = new Gauge({
    name: 'shinsa_feed_pulls',
    help: 'Feed pulls per feed and status (ok, not_modified, failed, running); read at scrape time',
    labelNames: ['feed', 'status'] as const,
    registers: [this.registry],
  });

  readonly feedLastPull = new Gauge({
    name: 'shinsa_feed_last_pull_timestamp_seconds',
    help: 'When each feed was last pulled with each status (alert when ok grows old)',
    labelNames: ['feed', 'status'] as const,
    registers: [this.registry],
  });

  readonly feedEntryToCase = new Gauge({
    name: 'shinsa_feed_entry_to_case_seconds',
    help: "Time from a matched entry's first appearance (the feed's date, else first seen) to its case, last 30 days, per feed",
    labelNames: ['feed', 'quantile'] as const,
    registers: [this.registry],
  });

  readonly scrapeErrors = new Counter({
    name: 'shinsa_metrics_source_errors_total',
    help: 'Scrapes where a source (database, queue) could not be read',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'shinsa_' });
  }

  observe(route: string, method: string, status: number, seconds: number): void {
    const outcome = statusClass(status);
    this.requests.inc({ route, method, status: String(status), outcome });
    this.latency.observe({ route, method, outcome }, seconds);
  }
}
