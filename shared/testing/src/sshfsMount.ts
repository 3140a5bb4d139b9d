import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from './services';

/**
 * A real network file system for tests: an sshd of the test's own on a loopback port (its own host key,
 * client key and config in a temporary folder, nothing of the machine's /etc/ssh), and sshfs mounts of
 * local folders through it. Debian: `apt-get install openssh-server sshfs` (.ci/run does).
 */

/**
 * The mount options under which processes on different mounts of one folder see each other's writes at
 * once (README, "Network file systems"). Needed, each seen failing without it: sshfs's own cache off
 * (`dir_cache=no`; `cache=no` is its sshfs 2.x name, 3.x takes both), and the kernel's attribute cache
 * off (`attr_timeout=0`). Without either one, the other mount's appends stay invisible (a stale file
 * size): a PaymentIntent just created answers 404 there, one Idempotency-Key makes two PaymentIntents,
 * and the late writer appends a line whose seq is already taken (journal_corrupt from then on).
 * `entry_timeout=0` (a file removed through the other mount still exists here for a second: the lock's
 * waiting mark), `negative_timeout=0` (libfuse's default, pinned) and `sshfs_sync` (a write's error is
 * the write's) were not seen failing without them. Never `kernel_cache` or `auto_cache`: SFTP has
 * whole-second mtimes, and a rewritten file of the same size (the lock's epoch file) was read stale.
 */
export const SSHFS_COHERENT_OPTIONS: readonly string[] = Object.freeze(['cache=no', 'dir_cache=no', 'attr_timeout=0', 'entry_timeout=0', 'negative_timeout=0', 'sshfs_sync']);

/** Connection options of every mount: the test's own key, no host-key prompt, no interaction at all. */
function connectionOptions(server: SshServer): string[] {
  return [`IdentityFile=${server.clientKey}`, 'StrictHostKeyChecking=no', 'UserKnownHostsFile=/dev/null', 'BatchMode=yes', 'LogLevel=ERROR', 'ConnectTimeout=5', 'ServerAliveInterval=5'];
}

const TOOLS = { sshd: '/usr/sbin/sshd', 'ssh-keygen': 'ssh-keygen', sshfs: 'sshfs', fusermount: 'fusermount3' } as const;

/** What is missing to mount over SSH here (empty when everything is): programs, /dev/fuse. */
export function sshfsMissing(): string[] {
  const missing: string[] = [];
  for (const [name, program] of Object.entries(TOOLS)) {
    const found = program.startsWith('/') ? existsSync(program) : spawnSync('sh', ['-c', `command -v ${program}`], { timeout: 5_000 }).status === 0;
    if (!found) missing.push(name === 'fusermount' ? 'fusermount3 (fuse3)' : name);
  }
  if (!existsSync('/dev/fuse')) missing.push('/dev/fuse');
  return missing;
}

export interface SshServer {
  port: number;
  /** The private key that logs in (as the user running the test). */
  clientKey: string;
  /** sshd's log (-e), so far. */
  log(): string;
  /** Mounts `remoteDir` of this server at a new temporary folder. */
  mount(remoteDir: string, options?: readonly string[]): Promise<SshfsMount>;
  /** Unmounts every mount still there, stops sshd, removes its folder. */
  stop(): Promise<void>;
}

export interface SshfsMount {
  mountpoint: string;
  /** The `-o` options it was mounted with (connection options aside). */
  options: readonly string[];
  /** sshfs's own stderr, so far. */
  log(): string;
  /** fusermount -u (lazy umount when busy), then waits for sshfs to exit; idempotent. */
  unmount(): Promise<void>;
}

function run(command: string, args: string[], timeout_ms = 10_000): void {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: timeout_ms });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal ?? result.error?.message}): ${result.stderr}`);
}

function exited(child: ChildProcess, timeout_ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeout_ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, timeout: 500 });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true)).once('error', () => done(false)).once('timeout', () => done(false));
  });
}

function mounted(mountpoint: string): boolean {
  // /proc/self/mountinfo escapes spaces and the like as octal; our temporary paths have none.
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .some((line) => line.split(' ')[4] === mountpoint);
}

async function until(predicate: () => boolean | Promise<boolean>, timeout_ms: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeout_ms;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout_ms} ms waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Starts sshd on a free loopback port, in the foreground (a child of the test, killed by stop), with a
 * generated host key and a generated client key allowed to log in as the current user, password and
 * PAM off. Throws naming what is missing when sshd or sshfs is not installed.
 */
export async function startSshServer(label = 'sshd', ready_timeout_ms = 10_000): Promise<SshServer> {
  const missing = sshfsMissing();
  if (missing.length > 0) throw new Error(`cannot mount over SSH: missing ${missing.join(', ')} (Debian: apt-get install openssh-server sshfs)`);
  const dir = mkdtempSync(path.join(os.tmpdir(), `${label}-`));
  const hostKey = path.join(dir, 'host_ed25519');
  const clientKey = path.join(dir, 'client_ed25519');
  let child: ChildProcess | null = null;
  const mounts = new Set<SshfsMount>();
  let log = '';
  const stop = async (): Promise<void> => {
    for (const mount of [...mounts]) await mount.unmount().catch(() => undefined);
    if (child !== null && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      if (!(await exited(child, 3_000))) {
        child.kill('SIGKILL');
        await exited(child, 3_000);
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'payrail-test-host', '-f', hostKey]);
    run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'payrail-test-client', '-f', clientKey]);
    const authorized = path.join(dir, 'authorized_keys');
    writeFileSync(authorized, readFileSync(`${clientKey}.pub`), { mode: 0o600 });
    // sshd refuses to start without its privilege separation folder (a systemd unit makes it at boot).
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    const port = await freePort();
    const config = path.join(dir, 'sshd_config');
    writeFileSync(
      config,
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${hostKey}`,
        `PidFile ${path.join(dir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${authorized}`,
        'PermitRootLogin prohibit-password',
        'PubkeyAuthentication yes',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'UsePAM no',
        // The folder is the test's own (mkdtemp: 0700), under /tmp (sticky, world-writable).
        'StrictModes no',
        'X11Forwarding no',
        'AllowTcpForwarding no',
        'PrintMotd no',
        'MaxStartups 50',
        'MaxSessions 50',
        'Subsystem sftp internal-sftp',
        '',
      ].join('\n'),
    );
    const sshd = spawn(TOOLS.sshd, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = sshd;
    sshd.stderr?.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
    await until(async () => {
      if (sshd.exitCode !== null) throw new Error(`sshd exited with ${sshd.exitCode}: ${log}`);
      return listening(port);
    }, ready_timeout_ms, () => `sshd on port ${port}: ${log}`);
    const server: SshServer = {
      port,
      clientKey,
      log: () => log,
      stop,
      mount: async (remoteDir, options = SSHFS_COHERENT_OPTIONS) => {
        const mount = await mountSshfs(server, remoteDir, options);
        const unmount = mount.unmount;
        const tracked: SshfsMount = { ...mount, unmount: () => unmount().finally(() => mounts.delete(tracked)) };
        mounts.add(tracked);
        return tracked;
      },
    };
    return server;
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * `sshfs -f -p PORT user@127.0.0.1:remoteDir mountpoint -o <options>,<connection options>` as a child,
 * at a new temporary mount point; resolves once the kernel lists the mount.
 */
export async function mountSshfs(server: SshServer, remoteDir: string, options: readonly string[] = SSHFS_COHERENT_OPTIONS, ready_timeout_ms = 10_000): Promise<SshfsMount> {
  const mountpoint = mkdtempSync(path.join(os.tmpdir(), 'sshfs-mnt-'));
  const user = os.userInfo().username;
  const all = [...options, ...connectionOptions(server)];
  const child = spawn(TOOLS.sshfs, ['-f', '-p', String(server.port), `${user}@127.0.0.1:${path.resolve(remoteDir)}`, mountpoint, '-o', all.join(',')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  let gone = false;
  const unmount = async (): Promise<void> => {
    if (gone) return;
    gone = true;
    if (mounted(mountpoint)) {
      const polite = spawnSync(TOOLS.fusermount, ['-u', mountpoint], { timeout: 5_000 });
      // Busy (a process still has a file open there): detach it now, the kernel finishes when it closes.
      if (polite.status !== 0) spawnSync(TOOLS.fusermount, ['-u', '-z', mountpoint], { timeout: 5_000 });
    }
    if (!(await exited(child, 3_000))) {
      child.kill('SIGKILL');
      await exited(child, 3_000);
      if (mounted(mountpoint)) spawnSync('umount', ['-l', mountpoint], { timeout: 5_000 });
    }
    // rmdir, never a recursive removal: were it still mounted, that would delete the shared folder's files.
    try {
      if (!mounted(mountpoint)) rmdirSync(mountpoint);
    } catch {
      // left behind, empty
    }
  };
  try {
    await until(() => {
      if (child.exitCode !== null) throw new Error(`sshfs exited with ${child.exitCode}: ${log}`);
      return mounted(mountpoint);
    }, ready_timeout_ms, () => `sshfs to mount ${mountpoint}: ${log}`);
  } catch (error) {
    await unmount();
    throw error;
  }
  return { mountpoint, options: [...options], log: () => log, unmount };
}
