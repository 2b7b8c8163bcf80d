/// The version recorded in the stores drivershift writes.
public enum DriverShiftVersion {
    public static let current = "0.1.0"
}
