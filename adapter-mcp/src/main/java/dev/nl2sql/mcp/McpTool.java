package dev.nl2sql.mcp;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;

/** One MCP tool: its contract (name, schemas, description) and the use case it delegates to. */
interface McpTool {

    /** {@return the tool's specification, ready to register with the server} */
    SyncToolSpecification specification();
}
