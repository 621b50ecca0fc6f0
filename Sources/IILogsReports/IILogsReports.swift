public enum IILogsReportsModule {}
