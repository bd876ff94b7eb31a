"""专项活动: campaigns and their taxonomy."""
