#include <libdevmapper.h>
