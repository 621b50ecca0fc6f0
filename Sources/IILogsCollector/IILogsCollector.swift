public enum IILogsCollectorModule {}
