// Linux file I/O calls that Swift's Glibc module does not expose, because glibc declares them only under
// _GNU_SOURCE.
#define _GNU_SOURCE
#include "FileIO.h"

#include <fcntl.h>
#include <unistd.h>

int drivershift_start_writeback(int descriptor, int64_t offset, int64_t length) {
    return sync_file_range(descriptor, offset, length, SYNC_FILE_RANGE_WRITE);
}

void drivershift_advise_sequential(int descriptor) {
    (void)posix_fadvise(descriptor, 0, 0, POSIX_FADV_SEQUENTIAL);
}

int drivershift_pipe_cloexec(int descriptors[2]) {
    return pipe2(descriptors, O_CLOEXEC);
}
