/// The expected diffs of `ConfigEditGoldenTests`, one file each beside this one, as Swift string literals so
/// that the test target needs no resources. Regenerate them with DRIVERSHIFT_UPDATE_GOLDEN=1 and review the
/// change like any other diff.
enum GoldenDiffs {}
