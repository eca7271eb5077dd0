#pragma once
// Fewer system calls per commit: an SQLite VFS that gathers a transaction's writes to the WAL
// file and hands them to the kernel in a few large writes (64 KiB each: the default VFS
// writes at most 128 KiB per call).
//
// SQLite 3.40 writes each WAL frame as two pwrite calls (24-byte header, then the page), so a
// batch touching 15 pages costs 30 system calls on the sequencer thread; on this project's
// virtual machines a system call is expensive, and the profile showed pwrite as the
// sequencer's largest single cost. The VFS wraps the default one and changes nothing but the
// WAL file's writes:
// - consecutive writes are appended to a buffer;
// - the buffer is written out when the commit frame arrives (its header
//   carries the database size, zero in every other frame: the WAL file format), so the commit
//   fails inside SQLite exactly as before if the write fails, and nothing acknowledged ever
//   waits in memory;
// - it is also written out before anything that must see the file as SQLite left it: a read,
//   a sync, a truncate, a size query, a lock change, a close, a write elsewhere in the file,
//   and past kMaxBufferedBytes (a transaction that spills its cache).
// Every write still reaches the page cache before the commit returns, so a killed process
// loses nothing that was acknowledged, as before.

#include <cstddef>
#include <cstdint>

struct sqlite3;

namespace exchange::store {

// Registers the VFS on first use (thread-safe) and returns its name, for sqlite3_open_v2.
const char* wal_buffering_vfs();

// A safety net after each statement outside a transaction (and after each COMMIT): writes out
// whatever the connection's WAL buffer still holds. Normally empty, since the commit frame
// flushes it; StoreError if the write fails.
void flush_wal_buffer(sqlite3* db);

// Process-wide counts, for tests and benchmarks.
struct WalBufferCounts {
  uint64_t writes_received = 0;  // xWrite calls SQLite made on WAL files
  uint64_t writes_issued = 0;    // writes handed to the underlying file
};
WalBufferCounts wal_buffer_counts();

}  // namespace exchange::store
