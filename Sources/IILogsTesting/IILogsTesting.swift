public enum IILogsTestingModule {}
