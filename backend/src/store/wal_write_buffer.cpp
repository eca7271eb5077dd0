#include "store/wal_write_buffer.h"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <mutex>
#include <string>

#include "store/database.h"

namespace exchange::store {
namespace {

constexpr char kVfsName[] = "exchange-wal-buffer";
constexpr size_t kMaxBufferedBytes = 1 << 20;
constexpr size_t kMaxWriteBytes = 64 << 10;
constexpr size_t kKeptCapacity = 256 << 10;  // a rare huge transaction does not pin its size
constexpr size_t kWalHeaderBytes = 32;       // the WAL file format: file header, then frames
constexpr size_t kFrameHeaderBytes = 24;
constexpr size_t kCommitSizeOffset = 4;      // in a frame header: database pages after commit

std::atomic<uint64_t> writes_received{0};
std::atomic<uint64_t> writes_issued{0};

struct PendingWrites {
  std::string bytes;
  sqlite3_int64 offset = 0;      // where bytes[0] goes in the file
  bool commit_page_next = false;  // the last write was a commit frame's header
};

// SQLite allocates vfs.szOsFile bytes per open file: this header, then the real file.
struct WalFile {
  sqlite3_file base;
  sqlite3_file* real;
  PendingWrites* pending;
};
constexpr size_t kRealFileOffset = (sizeof(WalFile) + 15) & ~size_t(15);

sqlite3_vfs* real_vfs(sqlite3_vfs* vfs) { return static_cast<sqlite3_vfs*>(vfs->pAppData); }
WalFile& wal(sqlite3_file* file) { return *reinterpret_cast<WalFile*>(file); }
sqlite3_file* real(sqlite3_file* file) { return wal(file).real; }

int flush(WalFile& file) {
  PendingWrites& p = *file.pending;
  p.commit_page_next = false;
  int rc = SQLITE_OK;
  // In pieces: the unix VFS writes at most 128 KiB per call (it never needs more for a page).
  for (size_t at = 0; at < p.bytes.size() && rc == SQLITE_OK; at += kMaxWriteBytes) {
    const size_t size = std::min(kMaxWriteBytes, p.bytes.size() - at);
    rc = file.real->pMethods->xWrite(file.real, p.bytes.data() + at, int(size),
                                     p.offset + sqlite3_int64(at));
    writes_issued.fetch_add(1, std::memory_order_relaxed);
  }
  p.bytes.clear();
  if (p.bytes.capacity() > kKeptCapacity) std::string().swap(p.bytes);
  return rc;
}

bool is_commit_frame_header(const void* data, int amount, sqlite3_int64 offset) {
  if (size_t(amount) != kFrameHeaderBytes || offset < sqlite3_int64(kWalHeaderBytes)) return false;
  uint32_t pages = 0;
  std::memcpy(&pages, static_cast<const char*>(data) + kCommitSizeOffset, sizeof pages);
  return pages != 0;  // zero in every frame but a transaction's last (either byte order)
}

int wal_write(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
  writes_received.fetch_add(1, std::memory_order_relaxed);
  WalFile& f = wal(file);
  PendingWrites& p = *f.pending;
  const bool commit_page = p.commit_page_next;
  if (!p.bytes.empty() && offset != p.offset + sqlite3_int64(p.bytes.size())) {
    if (const int rc = flush(f); rc != SQLITE_OK) return rc;  // keeps the file's write order
  }
  if (p.bytes.empty()) p.offset = offset;
  p.bytes.append(static_cast<const char*>(data), size_t(amount));
  p.commit_page_next = is_commit_frame_header(data, amount, offset);
  if (commit_page || p.bytes.size() >= kMaxBufferedBytes) return flush(f);
  return SQLITE_OK;
}

int wal_close(sqlite3_file* file) {
  WalFile& f = wal(file);
  const int flushed = flush(f);
  const int closed = f.real->pMethods->xClose(f.real);
  delete f.pending;
  f.pending = nullptr;
  return flushed != SQLITE_OK ? flushed : closed;
}

// Each of these needs the file as SQLite wrote it: the buffer goes out first.
int wal_read(sqlite3_file* file, void* data, int amount, sqlite3_int64 offset) {
  if (const int rc = flush(wal(file)); rc != SQLITE_OK) return rc;
  return real(file)->pMethods->xRead(real(file), data, amount, offset);
}
int wal_truncate(sqlite3_file* file, sqlite3_int64 size) {
  if (const int rc = flush(wal(file)); rc != SQLITE_OK) return rc;
  return real(file)->pMethods->xTruncate(real(file), size);
}
int wal_sync(sqlite3_file* file, int flags) {
  if (const int rc = flush(wal(file)); rc != SQLITE_OK) return rc;
  return real(file)->pMethods->xSync(real(file), flags);
}
int wal_file_size(sqlite3_file* file, sqlite3_int64* size) {
  if (const int rc = flush(wal(file)); rc != SQLITE_OK) return rc;
  return real(file)->pMethods->xFileSize(real(file), size);
}
int wal_lock(sqlite3_file* file, int level) {
  if (const int rc = flush(wal(file)); rc != SQLITE_OK) return rc;
  return real(file)->pMethods->xLock(real(file), level);
}
int wal_unlock(sqlite3_file* file, int level) {
  if (const int rc = flush(wal(file)); rc != SQLITE_OK) return rc;
  return real(file)->pMethods->xUnlock(real(file), level);
}
int wal_check_reserved_lock(sqlite3_file* file, int* out) {
  return real(file)->pMethods->xCheckReservedLock(real(file), out);
}
int wal_file_control(sqlite3_file* file, int op, void* arg) {
  if (const int rc = flush(wal(file)); rc != SQLITE_OK) return rc;
  return real(file)->pMethods->xFileControl(real(file), op, arg);
}
int wal_sector_size(sqlite3_file* file) {
  return real(file)->pMethods->xSectorSize(real(file));
}
int wal_device_characteristics(sqlite3_file* file) {
  return real(file)->pMethods->xDeviceCharacteristics(real(file));
}

// Version 1: SQLite maps memory and shared memory only for the database file, never the WAL.
const sqlite3_io_methods kWalMethods = {
    1,         wal_close,     wal_read,      wal_write,          wal_truncate,
    wal_sync,  wal_file_size, wal_lock,      wal_unlock,         wal_check_reserved_lock,
    wal_file_control, wal_sector_size, wal_device_characteristics,
    nullptr,   nullptr,       nullptr,       nullptr,            nullptr,
    nullptr};

int open_file(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* file, int flags,
              int* out_flags) {
  sqlite3_vfs* inner = real_vfs(vfs);
  if ((flags & SQLITE_OPEN_WAL) == 0) {
    return inner->xOpen(inner, name, file, flags, out_flags);  // in place, unchanged
  }
  WalFile& f = wal(file);
  f.base.pMethods = nullptr;
  f.real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + kRealFileOffset);
  f.real->pMethods = nullptr;
  f.pending = nullptr;
  const int rc = inner->xOpen(inner, name, f.real, flags, out_flags);
  if (rc != SQLITE_OK) {
    if (f.real->pMethods != nullptr) f.real->pMethods->xClose(f.real);
    return rc;
  }
  f.pending = new PendingWrites;
  f.base.pMethods = &kWalMethods;
  return SQLITE_OK;
}

sqlite3_vfs make_vfs() {
  sqlite3_vfs* inner = sqlite3_vfs_find(nullptr);
  sqlite3_vfs vfs{};
  vfs.iVersion = 2;
  vfs.szOsFile = int(kRealFileOffset) + inner->szOsFile;
  vfs.mxPathname = inner->mxPathname;
  vfs.zName = kVfsName;
  vfs.pAppData = inner;
  vfs.xOpen = open_file;
  // Everything else is the default VFS's own, called with the default VFS.
  vfs.xDelete = [](sqlite3_vfs* v, const char* n, int s) { return real_vfs(v)->xDelete(real_vfs(v), n, s); };
  vfs.xAccess = [](sqlite3_vfs* v, const char* n, int f, int* o) {
    return real_vfs(v)->xAccess(real_vfs(v), n, f, o);
  };
  vfs.xFullPathname = [](sqlite3_vfs* v, const char* n, int size, char* out) {
    return real_vfs(v)->xFullPathname(real_vfs(v), n, size, out);
  };
  vfs.xDlOpen = [](sqlite3_vfs* v, const char* n) { return real_vfs(v)->xDlOpen(real_vfs(v), n); };
  vfs.xDlError = [](sqlite3_vfs* v, int size, char* out) { real_vfs(v)->xDlError(real_vfs(v), size, out); };
  vfs.xDlSym = [](sqlite3_vfs* v, void* h, const char* s) { return real_vfs(v)->xDlSym(real_vfs(v), h, s); };
  vfs.xDlClose = [](sqlite3_vfs* v, void* h) { real_vfs(v)->xDlClose(real_vfs(v), h); };
  vfs.xRandomness = [](sqlite3_vfs* v, int size, char* out) {
    return real_vfs(v)->xRandomness(real_vfs(v), size, out);
  };
  vfs.xSleep = [](sqlite3_vfs* v, int micros) { return real_vfs(v)->xSleep(real_vfs(v), micros); };
  // Never called (SQLite prefers xCurrentTimeInt64 from version 2 on); the default VFS's own
  // ignores its VFS argument.
  vfs.xCurrentTime = inner->xCurrentTime;
  vfs.xGetLastError = [](sqlite3_vfs* v, int size, char* out) {
    return real_vfs(v)->xGetLastError(real_vfs(v), size, out);
  };
  vfs.xCurrentTimeInt64 = [](sqlite3_vfs* v, sqlite3_int64* now) {
    return real_vfs(v)->xCurrentTimeInt64(real_vfs(v), now);
  };
  return vfs;
}

}  // namespace

const char* wal_buffering_vfs() {
  static std::once_flag registered;
  static sqlite3_vfs vfs;
  std::call_once(registered, [] {
    vfs = make_vfs();
    if (sqlite3_vfs_register(&vfs, /*makeDflt=*/0) != SQLITE_OK) {
      throw StoreError("cannot register the WAL-buffering SQLite VFS");
    }
  });
  return kVfsName;
}

void flush_wal_buffer(sqlite3* db) {
  // Inside a transaction nothing need be in the file yet: the statements of a batch skip this.
  if (sqlite3_get_autocommit(db) == 0) return;
  sqlite3_file* file = nullptr;
  if (sqlite3_file_control(db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &file) != SQLITE_OK ||
      file == nullptr || file->pMethods != &kWalMethods) {
    return;
  }
  if (flush(wal(file)) != SQLITE_OK) throw StoreError("write to the WAL failed");
}

WalBufferCounts wal_buffer_counts() {
  return {writes_received.load(std::memory_order_relaxed),
          writes_issued.load(std::memory_order_relaxed)};
}

}  // namespace exchange::store
