// libdevmapper reports through a printf-style variadic callback, which Swift cannot implement.
// This trampoline formats the message and hands a plain string to a Swift sink.
#include "DeviceMapperShim.h"

#include <libdevmapper.h>
#include <stdarg.h>
#include <stdio.h>

static drivershift_dm_log_sink current_sink = NULL;

static void drivershift_dm_log(int level, const char *file, int line, int dm_errno_or_class, const char *format, ...) {
    (void)file;
    (void)line;
    (void)dm_errno_or_class;
    if (current_sink == NULL) {
        return;
    }
    char message[1024];
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(message, sizeof message, format, arguments);
    va_end(arguments);
    // The low three bits carry the syslog-style level (3 error ... 7 debug); higher bits are flags.
    current_sink(level & 7, message);
}

void drivershift_dm_install_log_sink(drivershift_dm_log_sink sink) {
    current_sink = sink;
    dm_log_with_errno_init(drivershift_dm_log);
}
