// Preloaded before every test file (bunfig.toml): tests start real servers and processes on shared, noisy machines.
import { setDefaultTimeout } from "bun:test";

setDefaultTimeout(60_000);
