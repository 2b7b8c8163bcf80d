#ifndef DRIVERSHIFT_DEVICE_MAPPER_SHIM_H
#define DRIVERSHIFT_DEVICE_MAPPER_SHIM_H

/// Receives one formatted libdevmapper log message.
typedef void (*drivershift_dm_log_sink)(int level, const char *message);

/// Routes libdevmapper's log output to `sink` instead of stderr. Pass NULL to silence it.
void drivershift_dm_install_log_sink(drivershift_dm_log_sink sink);

#endif
