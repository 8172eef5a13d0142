/** JSON documents of the command line's results (inspect, partition, evaluate); field names are a contract. */
package dev.compass.bench.report;
