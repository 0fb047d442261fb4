console.log("zmq-sessions");
