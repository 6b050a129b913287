/**
 * Numeric constants of `wasi_snapshot_preview1`, named as in the witx
 * definitions (`typenames.witx`), camelCased.
 * @see https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/docs.md
 */

/** Error codes returned by every function; `success` is 0. */
export const Errno = {
  success: 0,
  toobig: 1,
  acces: 2,
  addrinuse: 3,
  addrnotavail: 4,
  afnosupport: 5,
  again: 6,
  already: 7,
  badf: 8,
  badmsg: 9,
  busy: 10,
  canceled: 11,
  child: 12,
  connaborted: 13,
  connrefused: 14,
  connreset: 15,
  deadlk: 16,
  destaddrreq: 17,
  dom: 18,
  dquot: 19,
  exist: 20,
  fault: 21,
  fbig: 22,
  hostunreach: 23,
  idrm: 24,
  ilseq: 25,
  inprogress: 26,
  intr: 27,
  inval: 28,
  io: 29,
  isconn: 30,
  isdir: 31,
  loop: 32,
  mfile: 33,
  mlink: 34,
  msgsize: 35,
  multihop: 36,
  nametoolong: 37,
  netdown: 38,
  netreset: 39,
  netunreach: 40,
  nfile: 41,
  nobufs: 42,
  nodev: 43,
  noent: 44,
  noexec: 45,
  nolck: 46,
  nolink: 47,
  nomem: 48,
  nomsg: 49,
  noprotoopt: 50,
  nospc: 51,
  nosys: 52,
  notconn: 53,
  notdir: 54,
  notempty: 55,
  notrecoverable: 56,
  notsock: 57,
  notsup: 58,
  notty: 59,
  nxio: 60,
  overflow: 61,
  ownerdead: 62,
  perm: 63,
  pipe: 64,
  proto: 65,
  protonosupport: 66,
  prototype: 67,
  range: 68,
  rofs: 69,
  spipe: 70,
  srch: 71,
  stale: 72,
  timedout: 73,
  txtbsy: 74,
  xdev: 75,
  notcapable: 76,
} as const;
/** One of the values of {@link Errno}. */
export type ErrnoValue = (typeof Errno)[keyof typeof Errno];

/** `filetype`: the type of a file descriptor or file. */
export const FileType = {
  unknown: 0,
  blockDevice: 1,
  characterDevice: 2,
  directory: 3,
  regularFile: 4,
  socketDgram: 5,
  socketStream: 6,
  symbolicLink: 7,
} as const;
/** One of the values of {@link FileType}. */
export type FileTypeValue = (typeof FileType)[keyof typeof FileType];

/** `clockid`. */
export const ClockId = {
  realtime: 0,
  monotonic: 1,
  processCputimeId: 2,
  threadCputimeId: 3,
} as const;

/** `whence` of `fd_seek`. */
export const Whence = { set: 0, cur: 1, end: 2 } as const;

/** `fdflags` bits. */
export const FdFlags = {
  append: 1,
  dsync: 2,
  nonblock: 4,
  rsync: 8,
  sync: 16,
} as const;

/** `oflags` bits of `path_open`. */
export const OFlags = { creat: 1, directory: 2, excl: 4, trunc: 8 } as const;

/** `lookupflags` bits. */
export const LookupFlags = { symlinkFollow: 1 } as const;

/** `fstflags` bits of the `*_set_times` functions. */
export const FstFlags = { atim: 1, atimNow: 2, mtim: 4, mtimNow: 8 } as const;

/** `eventtype` of a subscription. */
export const EventType = { clock: 0, fdRead: 1, fdWrite: 2 } as const;

/** `subclockflags` bits. */
export const SubclockFlags = { subscriptionClockAbstime: 1 } as const;

/** `eventrwflags` bits. */
export const EventRwFlags = { fdReadwriteHangup: 1 } as const;

/** `advice` of `fd_advise`; any value above `noreuse` is invalid. */
export const Advice = {
  normal: 0,
  sequential: 1,
  random: 2,
  willneed: 3,
  dontneed: 4,
  noreuse: 5,
} as const;

/** `sdflags` of `sock_shutdown`. */
export const SdFlags = { rd: 1, wr: 2 } as const;

/** `signal` numbers of `proc_raise`; 0 is none, 30 the last. */
export const Signal = {
  none: 0,
  hup: 1,
  int: 2,
  quit: 3,
  ill: 4,
  trap: 5,
  abrt: 6,
  bus: 7,
  fpe: 8,
  kill: 9,
  usr1: 10,
  segv: 11,
  usr2: 12,
  pipe: 13,
  alrm: 14,
  term: 15,
  chld: 16,
  cont: 17,
  stop: 18,
  tstp: 19,
  ttin: 20,
  ttou: 21,
  urg: 22,
  xcpu: 23,
  xfsz: 24,
  vtalrm: 25,
  prof: 26,
  winch: 27,
  poll: 28,
  pwr: 29,
  sys: 30,
} as const;

/** `preopentype`. */
export const PreopenType = { dir: 0 } as const;

/** `rights` bits, as 64-bit masks. */
export const Rights = {
  fdDatasync: 0x1n,
  fdRead: 0x2n,
  fdSeek: 0x4n,
  fdFdstatSetFlags: 0x8n,
  fdSync: 0x10n,
  fdTell: 0x20n,
  fdWrite: 0x40n,
  fdAdvise: 0x80n,
  fdAllocate: 0x100n,
  pathCreateDirectory: 0x200n,
  pathCreateFile: 0x400n,
  pathLinkSource: 0x800n,
  pathLinkTarget: 0x1000n,
  pathOpen: 0x2000n,
  fdReaddir: 0x4000n,
  pathReadlink: 0x8000n,
  pathRenameSource: 0x10000n,
  pathRenameTarget: 0x20000n,
  pathFilestatGet: 0x40000n,
  pathFilestatSetSize: 0x80000n,
  pathFilestatSetTimes: 0x100000n,
  fdFilestatGet: 0x200000n,
  fdFilestatSetSize: 0x400000n,
  fdFilestatSetTimes: 0x800000n,
  pathSymlink: 0x1000000n,
  pathRemoveDirectory: 0x2000000n,
  pathUnlinkFile: 0x4000000n,
  pollFdReadwrite: 0x8000000n,
  sockShutdown: 0x10000000n,
  sockAccept: 0x20000000n,
} as const;

/** Every right defined by preview1. */
export const RIGHTS_ALL: bigint = 0x40000000n - 1n;

/** Rights that apply to a regular file. */
export const RIGHTS_FILE: bigint =
  Rights.fdDatasync |
  Rights.fdRead |
  Rights.fdSeek |
  Rights.fdFdstatSetFlags |
  Rights.fdSync |
  Rights.fdTell |
  Rights.fdWrite |
  Rights.fdAdvise |
  Rights.fdAllocate |
  Rights.fdFilestatGet |
  Rights.fdFilestatSetSize |
  Rights.fdFilestatSetTimes |
  Rights.pollFdReadwrite;

/** Rights that apply to a directory. */
export const RIGHTS_DIRECTORY: bigint =
  Rights.fdFdstatSetFlags |
  Rights.fdSync |
  Rights.fdAdvise |
  Rights.pathCreateDirectory |
  Rights.pathCreateFile |
  Rights.pathLinkSource |
  Rights.pathLinkTarget |
  Rights.pathOpen |
  Rights.fdReaddir |
  Rights.pathReadlink |
  Rights.pathRenameSource |
  Rights.pathRenameTarget |
  Rights.pathFilestatGet |
  Rights.pathFilestatSetSize |
  Rights.pathFilestatSetTimes |
  Rights.fdFilestatGet |
  Rights.fdFilestatSetTimes |
  Rights.pathSymlink |
  Rights.pathRemoveDirectory |
  Rights.pathUnlinkFile |
  Rights.fdDatasync;

/** Rights of a character device such as stdin, stdout or stderr. */
export const RIGHTS_STDIO: bigint =
  Rights.fdRead |
  Rights.fdWrite |
  Rights.fdFdstatSetFlags |
  Rights.fdFilestatGet |
  Rights.pollFdReadwrite |
  Rights.fdSeek |
  Rights.fdTell |
  Rights.fdDatasync |
  Rights.fdSync |
  Rights.fdAdvise;
