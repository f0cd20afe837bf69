// One tgcf instance: its data dir, config store, log hub and supervisor. The server has one (the default) today;
// several instances later are more of these objects and new routes, not a rewrite.
import { DEFAULT_INSTANCE_ID } from "../../shared/instance-id";
import { join } from "node:path";
import type { Server } from "bun";
import type { Settings } from "../../settings";
import type { Logger } from "../../utils/logger";
import { ConfigStore } from "../config/store";
import { LogHub } from "../logs/log-hub";
import type { LogLine } from "../logs/log-hub";
import { Supervisor } from "../process/supervisor";
import { startCheck } from "../process/start-check";
import { effectiveTgcfCommand } from "../tgcf-install/command";
import { TgcfInstaller } from "../tgcf-install/installer";
import { resolveExecutable, splitCommand } from "../process/command";
import { HEARTBEAT_MS, SlowClientGuard } from "../logs/ws";
import { unsupportedFeatureReason } from "../../platform";
import { TelegramService, type TelegramOptions } from "../telegram/service";
import { ActivityRecorder } from "../activity/recorder";

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
  /** The server's data dir, where the server-wide managed tgcf lives (modules/tgcf-install); default dataDir. */
  serverDataDir?: string;
  /** Run before every start, by a person or automatic (the registry refuses credentials another instance runs with). */
  beforeStart?: () => Promise<void>;
}

export class TgcfInstance {
  readonly slowClients = new SlowClientGuard();
  private server: Server<unknown> | null = null;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private unsubscribers: Array<() => void> = [];
  /** Counts what tgcf forwards from its log lines and status changes (modules/activity); closed by close(). */
  readonly activity: ActivityRecorder;

  private constructor(
    readonly id: string,
    readonly dataDir: string,
    readonly config: ConfigStore,
    readonly logs: LogHub,
    readonly supervisor: Supervisor,
    readonly telegram: TelegramService,
    private readonly logger: Logger,
    private readonly heartbeatMs: number,
  ) {
    this.activity = ActivityRecorder.open({ dataDir, report: (line) => logs.system(line) });
    this.unsubscribers.push(...this.activity.follow(logs, supervisor));
  }

  /** The server's data dir (the managed tgcf is server-wide); set by open(). */
  serverDataDir = "";
  /** Checks made before any start besides the config's own (see InstanceOptions.beforeStart). */
  beforeStart: () => Promise<void> = async () => {};

  /** The pub/sub topic of this instance's log sockets. */
  get topic(): string {
    return `logs:${this.id}`;
  }

  static async open({ id = DEFAULT_INSTANCE_ID, dataDir, settings, logger, childEnv, telegram, heartbeatMs, serverDataDir = dataDir, beforeStart }: InstanceOptions): Promise<TgcfInstance> {
    const config = new ConfigStore(dataDir);
    const logs = await LogHub.open({ logDir: join(dataDir, "logs"), ringSize: settings.logRingLines });
    const supervisor = new Supervisor({
      dataDir,
      // The command set by a person wins; otherwise tgcf installed by the server, once there is one (modules/tgcf-install).
      command: () => effectiveTgcfCommand(settings.tgcfCommand, serverDataDir),
      output: logs,
      stopGraceMs: settings.stopGraceMs,
      killAfterMs: settings.killAfterMs,
      autoRestart: settings.autoRestart,
      autoStartOnBoot: settings.autoStart,
      restartPolicy: { healthyAfterMs: settings.healthyAfterMs, maxRestartsPerHour: settings.maxRestartsPerHour },
      automaticStartCheck: async () => {
        const mode = await startCheck(config, dataDir);
        await beforeStart?.();
        return mode;
      },
      // Whoever starts tgcf, the file it reads holds the changes saved while the previous one ran.
      beforeSpawn: () => config.prepareForStart(),
      env: childEnv,
    });
    const telegramService = TelegramService.forInstance(config, settings, childEnv ?? process.env, logger, telegram);
    const instance = new TgcfInstance(id, dataDir, config, logs, supervisor, telegramService, logger, heartbeatMs ?? HEARTBEAT_MS);
    instance.serverDataDir = serverDataDir;
    instance.beforeStart = beforeStart ?? (async () => {});
    instance.watchConfig();
    instance.confirmManagedInstalls(settings.tgcfCommand);
    return instance;
  }

  /** Once tgcf from a new managed install has started, the environment it replaced is no longer kept for a rollback. */
  private confirmManagedInstalls(configuredCommand: string): void {
    const installer = new TgcfInstaller({ dataDir: this.serverDataDir });
    this.unsubscribers.push(
      this.supervisor.onStatus(({ state, startTime }) => {
        if (state !== "running" || startTime === null) return;
        const [program] = splitCommand(effectiveTgcfCommand(configuredCommand, this.serverDataDir));
        const executable = program === undefined ? null : resolveExecutable(program, process.env.PATH);
        if (executable) void installer.confirmStarted(executable, new Date(startTime)).catch(() => undefined);
      }),
    );
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
        server.publish(this.topic, logMessage(line, this.id));
        this.slowClients.notePublished();
      }),
      this.supervisor.onStatus(() => server.publish(this.topic, this.statusMessage())),
      // Open pages learn of a new version of the config (tgcf's write, a write-back); tgcf's progress alone is not news.
      this.config.onChange((change) => {
        if (!change.offsetsOnly) server.publish(this.topic, JSON.stringify({ type: "config", instance: this.id, ...change }));
      }),
    );
    this.heartbeat = setInterval(() => server.publish(this.topic, JSON.stringify({ type: "heartbeat", ts: new Date().toISOString() })), this.heartbeatMs);
  }

  /** Finds a tgcf left by a killed server and stops it, then restores the desired state. */
  /** `resume` false: tgcf is not started again even if it was running before (the instance was rebuilt, not booted). */
  async start({ resume = true }: { resume?: boolean } = {}): Promise<void> {
    const unsupported = unsupportedFeatureReason();
    if (unsupported) {
      this.logs.system(unsupported);
      return;
    }
    await this.supervisor.recover({ resume });
  }

  /** Messages a new log socket gets first: a gap notice if lines were lost, then the backlog. */
  backlogMessages({ tail, since }: { tail: number; since?: number }): string[] {
    if (since === undefined) return this.logs.tail(tail).map((line) => logMessage(line, this.id));
    const { lines, gap } = this.logs.since(since);
    const messages = lines.map((line) => logMessage(line, this.id));
    if (gap) messages.unshift(JSON.stringify({ type: "gap", from: gap.from, to: gap.to }));
    return messages;
  }

  statusMessage(): string {
    return JSON.stringify({ type: "status", instance: this.id, ...this.supervisor.status(), pendingRestartChanges: this.config.pendingRestartChanges() });
  }

  /**
   * Server shutdown (or the instance rebuilt or deleted): stop tgcf gracefully (keeping its desired state), flush logs,
   * close sockets with 1001 and `reason` (the browser reconnects).
   */
  async close({ reason = "server shutting down" }: { reason?: string } = {}): Promise<void> {
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
    this.activity.close();
    this.slowClients.closeAll(CLOSE_GOING_AWAY, reason);
    await this.logs.close();
    this.server = null;
  }
}

function logMessage(line: LogLine, instance: string): string {
  return JSON.stringify({ type: "log", instance, seq: line.seq, ts: line.ts, stream: line.stream, line: line.line });
}
