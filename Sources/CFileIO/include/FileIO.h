#ifndef DRIVERSHIFT_FILE_IO_H
#define DRIVERSHIFT_FILE_IO_H

#include <stdint.h>

/// Starts writeback of a written range without waiting for it (sync_file_range with SYNC_FILE_RANGE_WRITE),
/// which glibc only declares under _GNU_SOURCE. Returns 0 or -1 with errno set.
int drivershift_start_writeback(int descriptor, int64_t offset, int64_t length);

/// Tells the kernel a file will be read sequentially (posix_fadvise), so it reads ahead generously.
void drivershift_advise_sequential(int descriptor);

/// pipe2(O_CLOEXEC): a pipe no spawned child inherits unless it is given an end explicitly. Returns 0 or -1.
int drivershift_pipe_cloexec(int descriptors[2]);

#endif
