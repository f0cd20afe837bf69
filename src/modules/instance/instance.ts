// One tgcf instance: its data dir, config store, log hub and supervisor. The server has one (the default) today;
// several instances later are more of these objects and new routes, not a rewrite.
import { join } from "node:path";
import type { Server } from "bun";
import type { Settings } from "../../settings";
import type { Logger } from "../../utils/logger";
import { ConfigStore } from "../config/store";
import { LogHub } from "../logs/log-hub";
import type { LogLine } from "../logs/log-hub";
import { Supervisor } from "../process/supervisor";
import { startCheck } from "../process/start-check";
import { HEARTBEAT_MS, SlowClientGuard } from "../logs/ws";
import { unsupportedFeatureReason } from "../../platform";
import { TelegramService, type TelegramOptions } from "../telegram/service";

export const DEFAULT_INSTANCE_ID = "default";
const CLOSE_GOING_AWAY = 1001;

export interface InstanceOptions {
  id?: string;
  dataDir: string;
  settings: Settings;
  logger: Logger;
  /** The environment tgcf inherits; default the server's. */
  childEnv?: Record<string, string | undefined>;
  /** Timings of Telegram sign-in (tests shorten them). */
  telegram?: TelegramOptions;
  /** How often idle log sockets get a heartbeat message; default HEARTBEAT_MS. */
  heartbeatMs?: number;
}

export class TgcfInstance {
  readonly slowClients = new SlowClientGuard();
  private server: Server<unknown> | null = null;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private unsubscribers: Array<() => void> = [];

  private constructor(
    readonly id: string,
    readonly dataDir: string,
    readonly config: ConfigStore,
    readonly logs: LogHub,
    readonly supervisor: Supervisor,
    readonly telegram: TelegramService,
    private readonly logger: Logger,
    private readonly heartbeatMs: number,
  ) {}

  /** The pub/sub topic of this instance's log sockets. */
  get topic(): string {
    return `logs:${this.id}`;
  }

  static async open({ id = DEFAULT_INSTANCE_ID, dataDir, settings, logger, childEnv, telegram, heartbeatMs }: InstanceOptions): Promise<TgcfInstance> {
    const config = new ConfigStore(dataDir);
    const logs = await LogHub.open({ logDir: join(dataDir, "logs"), ringSize: settings.logRingLines });
    const supervisor = new Supervisor({
      dataDir,
      command: settings.tgcfCommand,
      output: logs,
      stopGraceMs: settings.stopGraceMs,
      killAfterMs: settings.killAfterMs,
      autoRestart: settings.autoRestart,
      autoStartOnBoot: settings.autoStart,
      restartPolicy: { healthyAfterMs: settings.healthyAfterMs, maxRestartsPerHour: settings.maxRestartsPerHour },
      automaticStartCheck: () => startCheck(config, dataDir),
      env: childEnv,
    });
    const telegramService = TelegramService.forInstance(config, settings, childEnv ?? process.env, logger, telegram);
    const instance = new TgcfInstance(id, dataDir, config, logs, supervisor, telegramService, logger, heartbeatMs ?? HEARTBEAT_MS);
    instance.watchConfig();
    return instance;
  }

  /** The config store notices other programs' writes, and knows when a tgcf run starts and ends (see ConfigStore). */
  private watchConfig(): void {
    this.config.setTgcfRunningCheck(() => this.supervisor.status().isRunning);
    this.config.watch({ log: (line) => this.logs.system(line) });
    let running = false;
    this.unsubscribers.push(
      this.supervisor.onStatus(({ isRunning }) => {
        if (isRunning === running) return;
        running = isRunning;
        // Neither rejects: the store logs its own failures.
        void (running ? this.config.tgcfStarted() : this.config.tgcfStopped());
      }),
    );
  }

  /** Connects the log hub and status changes to the server's pub/sub. */
  attachServer(server: Server<unknown>): void {
    this.server = server;
    this.unsubscribers.push(
      this.logs.subscribe((line) => {
        if (!this.slowClients.hasSockets) return;
        server.publish(this.topic, logMessage(line));
        this.slowClients.notePublished();
      }),
      this.supervisor.onStatus(() => server.publish(this.topic, this.statusMessage())),
    );
    this.heartbeat = setInterval(() => server.publish(this.topic, JSON.stringify({ type: "heartbeat", ts: new Date().toISOString() })), this.heartbeatMs);
  }

  /** Finds a tgcf left by a killed server and stops it, then restores the desired state. */
  async start(): Promise<void> {
    const unsupported = unsupportedFeatureReason();
    if (unsupported) {
      this.logs.system(unsupported);
      return;
    }
    await this.supervisor.recover();
  }

  /** Messages a new log socket gets first: a gap notice if lines were lost, then the backlog. */
  backlogMessages({ tail, since }: { tail: number; since?: number }): string[] {
    if (since === undefined) return this.logs.tail(tail).map(logMessage);
    const { lines, gap } = this.logs.since(since);
    const messages = lines.map(logMessage);
    if (gap) messages.unshift(JSON.stringify({ type: "gap", from: gap.from, to: gap.to }));
    return messages;
  }

  statusMessage(): string {
    return JSON.stringify({ type: "status", ...this.supervisor.status() });
  }

  /** Server shutdown: stop tgcf gracefully (keeping its desired state), flush logs, close sockets with 1001. */
  async close(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    await this.telegram.close();
    try {
      await this.supervisor.shutdown();
    } catch (error) {
      this.logger.error(`instance ${this.id}: stopping tgcf failed: ${(error as Error).message}`);
    }
    // After tgcf stopped: the saved changes its last writes reverted are written back before the log closes.
    await this.config.close();
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    this.slowClients.closeAll(CLOSE_GOING_AWAY, "server shutting down");
    await this.logs.close();
    this.server = null;
  }
}

function logMessage(line: LogLine): string {
  return JSON.stringify({ type: "log", seq: line.seq, ts: line.ts, stream: line.stream, line: line.line });
}
