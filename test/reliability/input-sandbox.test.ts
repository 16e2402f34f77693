// The shell sandbox against what test/world/shell/sandbox.test.ts does not already try: writes to real
// host paths ($HOME, the repository) by every command that writes, links to host folders, raw
// /dev/tcp and /dev/udp and network tools against a real listener (which must see no connection),
// output and recursion bombs, an append loop stopped by the time limit, and environment inspection
// with distinctive keys in the host's environment. Each stays in the world, within its limits, and
// the next command of the episode runs.
import { existsSync } from "node:fs";
import { createServer as createTcp, type Server } from "node:net";
import { createSocket, type Socket } from "node:dgram";
import { homedir, hostname } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SHELL_LIMITS, SandboxPool, type ShellResult, type ShellSession } from "../../src/world/shell/index.js";
import { sessionOf, worldWith } from "../world/shell/support.js";
import { tempDir } from "../support/tmp.js";

const CANARY = {
  OPENAI_API_KEY: "sk-proj-SANDBOXCANARY7f3a9c",
  ANTHROPIC_API_KEY: "sk-ant-SANDBOXCANARY41d2e8",
  PEERLAB_HOST_SECRET_TOKEN: "hostsecret-SANDBOXCANARY",
};
const saved: Record<string, string | undefined> = {};
const pool = new SandboxPool({ size: 1 });
let tcp: Server;
let udp: Socket;
let tcpPort = 0;
let udpPort = 0;
let connections = 0;
let datagrams = 0;

beforeAll(async () => {
  for (const [k, v] of Object.entries(CANARY)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  tcp = createTcp((s) => {
    connections++;
    s.destroy();
  });
  await new Promise<void>((done) => tcp.listen(0, "127.0.0.1", done));
  tcpPort = (tcp.address() as { port: number }).port;
  udp = createSocket("udp4").on("message", () => datagrams++);
  await new Promise<void>((done) => udp.bind(0, "127.0.0.1", done));
  udpPort = udp.address().port;
});

afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  pool.close();
  await new Promise<void>((done) => tcp.close(() => done()));
  await new Promise<void>((done) => udp.close(() => done()));
});

function shell(limits?: Parameters<typeof sessionOf>[2]): { sh: ShellSession; world: ReturnType<typeof worldWith> } {
  const world = worldWith();
  return { sh: sessionOf(world, undefined, limits, pool), world };
}

/** Run a command and then a plain one: the episode's shell must still answer. */
async function thenStillWorks(sh: ShellSession, script: string): Promise<ShellResult & { ms: number }> {
  const t0 = performance.now();
  const r = await sh.exec(script);
  const ms = performance.now() - t0;
  expect((await sh.exec("echo still here")).stdout).toBe("still here\n");
  return { ...r, ms };
}

describe("shell sandbox, hostile commands", () => {
  it("writes to real host paths ($HOME, the repository, a temp folder) by any command land nowhere on the host", async () => {
    const host = tempDir("peerlab-sandbox-host-");
    const targets = [join(homedir(), "peerlab-sandbox-marker"), join(process.cwd(), "peerlab-sandbox-marker"), join(host, "marker")];
    const { sh } = shell();
    for (const t of targets) {
      await thenStillWorks(
        sh,
        `echo pwned > ${t}; echo pwned >> ${t}.a; touch ${t}.t; printf x | tee ${t}.tee; ` +
          `cp /home/agent/docs/policy.docx ${t}.cp; mkdir -p ${t}.d; mv /tmp ${t}.mv`,
      );
      for (const suffix of ["", ".a", ".t", ".tee", ".cp", ".d", ".mv"]) expect(existsSync(t + suffix), t + suffix).toBe(false);
    }
  });

  it("reads of host files by path, by '..' and through links all miss", async () => {
    const { sh } = shell();
    const r = await thenStillWorks(
      sh,
      `cat ${join(homedir(), ".bashrc")}; ls ${join(process.cwd(), "src")}; cat /../../../etc/passwd; ` +
        `cd /home/agent/../../..; cat etc/shadow; ln /etc/passwd /tmp/hard; cat /tmp/hard; ` +
        `ln -s ${process.cwd()} /tmp/repo; ls /tmp/repo/src; cat /proc/self/environ; cat /proc/1/cmdline; ls /root /sys /proc`,
    );
    expect(r.stdout).toBe("");
    expect(r.stderr).not.toMatch(/root:x:0:0|"name": "peerlab"/);
    expect(r.stderr.match(/No such file or directory/g)?.length).toBeGreaterThanOrEqual(9);
  });

  it("a link to a host folder's path points into the world: writes through it land in the world, never on the host", async () => {
    const host = tempDir("peerlab-sandbox-host-");
    const { sh, world } = shell();
    await thenStillWorks(sh, `ln -s ${host} /tmp/out; echo hi > /tmp/out/marker; cp /home/agent/docs/policy.docx /tmp/out/; cd /tmp/out && touch here`);
    for (const f of ["marker", "policy.docx", "here"]) {
      expect(existsSync(join(host, f)), f).toBe(false);
      expect(Object.keys(world.state.workspace ?? {})).toContain(join(host, f));
    }
  });

  it("raw /dev/tcp and /dev/udp and every network tool reach no socket: a real listener on 127.0.0.1 sees nothing", async () => {
    const { sh } = shell();
    const net = [
      `echo hi > /dev/tcp/127.0.0.1/${tcpPort}`,
      `exec 3<>/dev/tcp/127.0.0.1/${tcpPort}; echo hi >&3`,
      `cat < /dev/tcp/127.0.0.1/${tcpPort}`,
      `echo hi > /dev/udp/127.0.0.1/${udpPort}`,
      `curl -s http://127.0.0.1:${tcpPort}/`,
      `wget -q -O- http://127.0.0.1:${tcpPort}/`,
      `nc 127.0.0.1 ${tcpPort}`,
      `nc -u 127.0.0.1 ${udpPort}`,
      `telnet 127.0.0.1 ${tcpPort}`,
      `ssh -p ${tcpPort} 127.0.0.1`,
      "ping -c 1 127.0.0.1",
      `python3 -c 'import socket; socket.create_connection(("127.0.0.1", ${tcpPort}))'`,
      `node -e 'require("net").connect(${tcpPort})'`,
    ];
    const r = await thenStillWorks(sh, [...net, "echo done"].join("; "));
    expect(r.stdout).toBe("done\n");
    await new Promise((done) => setTimeout(done, 100));
    expect({ connections, datagrams }).toEqual({ connections: 0, datagrams: 0 });
  });

  it("output bombs end within their limits and return at most the agent's share", async () => {
    const { sh } = shell();
    for (const bomb of [
      "yes | head -c 100M",
      "seq 1e9",
      "seq 1 1000000000 | wc -l",
      "head -c 100000000 /dev/zero",
      "printf '%0100000000d' 0",
      "x=a; while true; do x=$x$x; done; echo ${#x}",
      "cat /dev/urandom",
    ]) {
      const r = await thenStillWorks(sh, bomb);
      expect(r.ms, bomb).toBeLessThan(DEFAULT_SHELL_LIMITS.hardTimeoutMs);
      expect(r.stdout.length, bomb).toBeLessThanOrEqual(DEFAULT_SHELL_LIMITS.maxStdoutChars + 100);
      expect(r.stderr.length, bomb).toBeLessThanOrEqual(DEFAULT_SHELL_LIMITS.maxStderrChars + 100);
    }
  });

  it("recursion and fork-bomb shapes stop at the call depth, not by exhausting the machine", async () => {
    const { sh } = shell();
    for (const bomb of ["f(){ f; }; f", ":(){ :|:& };:", "f(){ f | f & }; f", "f(){ echo x; f; f; }; f", "awk 'BEGIN { while (1) {} }'", "sed ':a;ba' <<< x"]) {
      const r = await thenStillWorks(sh, bomb);
      expect(r.exitCode, bomb).toBe(126);
      expect(r.stderr, bomb).toMatch(/maximum recursion depth|maximum iterations|too many commands/);
      expect(r.ms, bomb).toBeLessThan(DEFAULT_SHELL_LIMITS.hardTimeoutMs);
    }
  });

  it("an append loop slower than the command budget is stopped by the time limit, and the file it grew stays within the file size limit", async () => {
    const { sh, world } = shell({ hardTimeoutMs: 1_500 });
    const r = await thenStillWorks(sh, "while true; do echo xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx >> /tmp/grow; done");
    expect(r.stopped).toBe("timeout");
    expect(r.ms).toBeLessThan(5_000);
    const grown = world.state.workspace?.["/tmp/grow"] as { content?: string } | undefined;
    expect(grown?.content?.length ?? 0).toBeLessThanOrEqual(DEFAULT_SHELL_LIMITS.fs.maxFileBytes);
  });

  it("env, printenv, set, export and declare show the sandbox's own environment, never the host's or its keys", async () => {
    const { sh } = shell();
    const r = await thenStillWorks(
      sh,
      "env; printenv; set; export -p; declare -p; " +
        'echo "[$OPENAI_API_KEY][$ANTHROPIC_API_KEY][$PEERLAB_HOST_SECRET_TOKEN]"; printenv OPENAI_API_KEY; echo $PATH; echo $HOME; whoami; hostname',
    );
    const all = r.stdout + r.stderr;
    for (const v of Object.values(CANARY)) expect(all).not.toContain(v);
    expect(all).not.toContain("SANDBOXCANARY");
    expect(r.stdout).toContain("[][][]");
    expect(r.stdout).toMatch(/^HOME=\/home\/agent$/m);
    expect(r.stdout).toMatch(/^USER=agent$/m);
    expect(all).not.toContain(process.env.PATH!);
    expect(all).not.toContain(process.cwd());
    if (homedir() !== "/home/agent") expect(all).not.toContain(homedir());
    if (hostname() !== "localhost") expect(all).not.toContain(hostname());
  });
});
